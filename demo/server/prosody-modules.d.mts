/** Where Debian's prosody-modules is unpacked (`dpkg-deb -x` root), under `.run/`. */
export const PROSODY_MODULES_DIR: string;
/** The plugin path inside it (`mod_sasl2/mod_sasl2.lua`, `mod_sasl2_fast/…`). */
export const PROSODY_MODULES_PLUGIN_PATH: string;
/** The project's own Prosody modules (mod_chatlet_compat). */
export const PROJECT_PLUGIN_PATH: string;
/** The command that fetches the package when FAST is off. */
export const HOW_TO_GET_FAST: string;

/** The plugin path if the package is unpacked already, else null (never downloads). */
export function prosodyModulesPath(): string | null;

/**
 * The plugin path holding mod_sasl2 and mod_sasl2_fast, unpacking Debian's prosody-modules into
 * `.run/` first if needed (safe with several processes at once). Null if it cannot be had; then
 * one warning is printed per process, unless `quiet`.
 */
export function ensureProsodyModules(options?: { quiet?: boolean }): Promise<string | null>;

/** Why the last ensureProsodyModules() resolved with null (null if it did not). */
export function prosodyModulesError(): string | null;
