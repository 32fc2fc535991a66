import type { SerializeFrom } from "@remix-run/node";
import type { useIntentForms } from "../../components/useIntentForms";
import type { SignActionData, signPage } from "./sign.server";

/** What every form of the sign page is given: the page's data, the intent-form state, whether a post is running. */
export type SignPageData = SerializeFrom<Awaited<ReturnType<typeof signPage>>>;
export type SignForms = ReturnType<typeof useIntentForms<SerializeFrom<SignActionData>>>;
export interface SignFormProps {
  page: SignPageData;
  forms: SignForms;
  busy: boolean;
}
