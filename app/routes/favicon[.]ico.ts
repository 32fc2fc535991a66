import { redirect } from "@remix-run/node";

/** Browsers ask for /favicon.ico by themselves; the icon is an SVG. */
export const loader = () => redirect("/favicon.svg", 301);
