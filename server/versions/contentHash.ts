import { createHash } from "node:crypto";
import type { AgreementContent } from "~/shared/agreement";
import { canonicalAgreement } from "~/shared/canonical";

export function contentHash(content: AgreementContent): string {
  return createHash("sha256").update(canonicalAgreement(content), "utf8").digest("hex");
}
