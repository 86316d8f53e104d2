import type { Service, Signposting } from '@c2c/schema';
import {
  C2cServiceDirectory,
  type DirectorySearchDetail,
  type DirectorySourceProblemDetail,
} from './service-directory.js';

export { C2cServiceDirectory };

declare global {
  interface HTMLElementTagNameMap {
    'c2c-service-directory': C2cServiceDirectory;
  }
  interface HTMLElementEventMap {
    /** A search ran. Never carries the family's location, nor words typed with a full UK postcode in them. */
    'c2c-search': CustomEvent<DirectorySearchDetail>;
    /** A service's details were opened. */
    'c2c-service-open': CustomEvent<{ service: Service }>;
    /** The shortlist changed; `ids` are the saved services' ids in order. */
    'c2c-shortlist-change': CustomEvent<{ ids: string[] }>;
    /** Staff recorded signposting or a referral (staff mode). */
    'c2c-signpost': CustomEvent<{ signposting: Signposting }>;
    /** The `src` feed cut a list short (it ignores the page asked for, or has too many pages). No family data. */
    'c2c-source-problem': CustomEvent<DirectorySourceProblemDetail>;
  }
}

if (!customElements.get('c2c-service-directory')) customElements.define('c2c-service-directory', C2cServiceDirectory);
