/** The languages every text a person reads is written in (templates/i18n). */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
