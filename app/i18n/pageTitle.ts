import type { MetaDescriptor, MetaFunction } from "@remix-run/node";
import { CATALOGUES, format, type Lang } from "./catalogue";
import type { pageTitlesZh } from "./pageTitles";

export type PageTitleKey = keyof typeof pageTitlesZh;

type MetaData<Loader> = NonNullable<Parameters<MetaFunction<Loader>>[0]["data"]>;

/**
 * The reader's language in a meta function: the root loader's, as useLang reads it on the page
 * (the language cookie, app/i18n/lang.server.ts); Chinese when the root has no data.
 */
function readerLang(matches: { id: string; data: unknown }[]): Lang {
  const root = matches.find((match) => match.id === "root")?.data as { lang?: Lang } | undefined;
  return root?.lang === "en" ? "en" : "zh";
}

/** The site's own title, the root's default and every error page's: "同商" or "Tongshang". */
export const appTitle: MetaFunction = ({ matches }) => [{ title: CATALOGUES[readerLang(matches)].appName }];

/**
 * The one way a route names its page (SPEC F-4): `export const meta = pageTitle("pageVersions")`,
 * or, for a title that carries the page's data (a negotiation's own title), its placeholders'
 * values from the loader's data. The words are the catalogue's (./pageTitles.ts) in the reader's
 * language, then " · " and the app's name; without data the title is the app's name alone, as
 * the root's (Remix renders an error page with the root's meta anyway).
 */
export function pageTitle<Loader = unknown>(key: PageTitleKey, values?: (data: MetaData<Loader>, lang: Lang) => Record<string, string>): MetaFunction<Loader> {
  return ({ data, matches }): MetaDescriptor[] => {
    const lang = readerLang(matches);
    const t = CATALOGUES[lang];
    if (!values) return [{ title: `${t[key]} · ${t.appName}` }];
    return [{ title: data ? `${format(t[key], values(data as MetaData<Loader>, lang))} · ${t.appName}` : t.appName }];
  };
}
