/** The CLI's version is the package's: `netpol --version` prints what `npm install` installed. */
import { createRequire } from 'node:module';

/** Replaced by its value in the bundle (scripts/build-cli.mjs `define`); undefined when run from the sources. */
declare const NETPOL_VERSION: string | undefined;

export const VERSION: string =
  typeof NETPOL_VERSION === 'string'
    ? NETPOL_VERSION
    : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
