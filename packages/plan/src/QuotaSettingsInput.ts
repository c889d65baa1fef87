import type { QuotaSettings } from './QuotaSettings.js';

/** Settings as a caller gives them: any may be left out (defaults in `quotaDefaults`). */
export type QuotaSettingsInput = { readonly [K in keyof QuotaSettings]?: QuotaSettings[K] | undefined };
