/**
 * The engine, as the web imports it: the same code the server runs (engine/src), compiled into
 * each app's bundle. Every web file — the workspace, the designer and the rest of the kit — takes
 * the engine from here and nowhere else (lint enforces it), so no app needs a path alias of its
 * own and moving the engine touches one line.
 */
export * from '../../../engine/src/index.js';
