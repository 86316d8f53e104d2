#!/usr/bin/env node
// Runs typedoc with typedoc.json, keeping only the entry points that exist (packages land one by one),
// and names each module after its import path (`@c2c/sdk/oruk`) instead of its folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Application, OptionDefaults, ReflectionKind } from 'typedoc';

const config = JSON.parse(readFileSync('typedoc.json', 'utf8'));
const entryPoints = config.entryPoints.filter((p) => existsSync(p));
const missing = config.entryPoints.filter((p) => !existsSync(p));
if (missing.length) console.log(`typedoc: skipping entry points that do not exist yet: ${missing.join(', ')}`);

/** packages/sdk/src/services-entry.ts -> @c2c/sdk/services, as package.json `exports` names it. */
function importPath(entry) {
  const [, pkg, rest] = entry.match(/^packages\/([^/]+)\/src\/(.*)\.ts$/) ?? [];
  if (!pkg) return entry;
  const sub = rest.replace(/(^|\/)index$/, '').replace(/-entry$/, '');
  return sub ? `@c2c/${pkg}/${sub}` : `@c2c/${pkg}`;
}

// The components' JSDoc uses the custom-elements-manifest tags (@slot, @csspart ...); they are documented on
// the component pages, so typedoc only needs to know they are tags, not typos.
const blockTags = [
  ...OptionDefaults.blockTags,
  '@slot',
  '@csspart',
  '@cssprop',
  '@cssproperty',
  '@event',
  '@fires',
  '@attr',
  '@attribute',
  '@tag',
  '@tagname',
];
const app = await Application.bootstrapWithPlugins({ options: 'typedoc.json', entryPoints, blockTags });
const project = await app.convert();
if (!project) {
  console.error('typedoc: conversion failed.');
  process.exit(1);
}
// typedoc names modules by their path below the common folder (`sdk/src/oruk`); map them back.
const byFolder = new Map(
  entryPoints.map((e) => [e.replace(/^packages\//, '').replace(/\/index\.ts$|\.ts$/, ''), importPath(e)]),
);
for (const child of project.children ?? []) {
  if (child.kindOf(ReflectionKind.Module) && byFolder.has(child.name)) child.name = byFolder.get(child.name);
}
rmSync(config.out, { recursive: true, force: true });
await app.generateDocs(project, config.out);
if (app.logger.hasErrors()) process.exit(1);
