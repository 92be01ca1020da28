/** Debian's Chromium, unless CHROMIUM_PATH names another. */
export const CHROMIUM_PATH: string;
/** Flags that keep Chromium quiet on a machine without the internet, and let it run as root. */
export const CHROMIUM_ARGS: string[];
