import type { Browser, LaunchOptions } from 'playwright-core';

/** Debian's Chromium first; CHROME_PATH wins when set. */
export declare const CHROME_CANDIDATES: string[];
/** Headless as root (no sandbox), with no GPU, no background network traffic and a small /dev/shm. */
export declare const CHROME_ARGS: string[];
export declare const NO_CHROME_MESSAGE: string;
/** The first Chrome or Chromium on this machine, or undefined. */
export declare function findChrome(): string | undefined;
/** Launches it through playwright-core with {@link CHROME_ARGS}; `options` go to `chromium.launch`. */
export declare function launchChrome(options?: LaunchOptions): Promise<Browser>;
