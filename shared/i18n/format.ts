/** The two languages of every message (zh-CN first); the language switch is app/i18n/lang.server.ts. */
export const LANGS = ["zh", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** Fills `{name}` placeholders; an unknown one stays visible rather than vanishing. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
