// i18n-zh.lazy.ts for the single-file builds: the tables are already there.
import type { Language } from './i18n.js';
import { ZH } from './i18n-zh.js';

/** Chinese when it is already at hand: in this build, always. */
export const ZH_NOW: Language | undefined = ZH;

/** Loads the Chinese tables: here, the module already imported. */
export function loadZh(): Promise<Language> {
  return Promise.resolve(ZH);
}
