import { useRouteLoaderData } from "@remix-run/react";
import { CATALOGUES, type Lang } from "./catalogue";

/** The signed-in page's language (from the root loader) and its message catalogue. */
export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang: Lang }>("root");
  return data?.lang ?? "zh";
}

export function useT() {
  return CATALOGUES[useLang()];
}

/** Picks the label of a {zh, en} pair for the current language. */
export function useLabel() {
  const lang = useLang();
  return (pair: { zh: string; en: string }) => pair[lang];
}
