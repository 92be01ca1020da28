// Where the elements get their Chinese: a chunk of its own in the loader's build, fetched by
// pages that speak Chinese. The single-file builds use i18n-zh.static.ts instead
// (vite.config.ts, `staticSeams`).
import type { Language } from './i18n.js';

/** Chinese when it is already at hand: in this build, never before `loadZh()`. */
export const ZH_NOW: Language | undefined = undefined;

/** Loads the Chinese tables. */
export function loadZh(): Promise<Language> {
  return import('./i18n-zh.js').then((module) => module.ZH);
}
