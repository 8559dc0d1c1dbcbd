/**
 * The core's second public entry point: graph edits. It is apart from `index.ts` because an edit rewrites
 * documents with the `yaml` package (comment-keeping nodes, yaml/patch.ts), which nothing else the designer
 * shows needs; the store loads this module on its own (`src/ui/store/edits.ts`: preloaded once the page is
 * idle after start-up, so the first edit is still applied at once). Pure and synchronous like the rest of the
 * core; the command types are named by `index.ts`.
 */
export { applyCommand } from './edit/apply.ts';
