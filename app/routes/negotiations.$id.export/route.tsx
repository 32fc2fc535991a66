import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState, type MouseEvent } from "react";
import { filingDeadline } from "~/shared/rules/deadlines";
import { requireNegotiation } from "../../guards.server";
import { signedContentHash } from "./export.server";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import exportStyles from "../../styles/exports.css?url";
import setupStyles from "../../styles/setup.css?url";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: setupStyles },
  { rel: "stylesheet", href: exportStyles },
];
export const meta = pageTitle("pageExport");

/** 导出: the agreement as DOCX / PDF / Markdown / JSON and, once signed, the filing package. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation, facts } = await requireNegotiation(request, context, params.id, "export");
  const signed = facts.locked;
  const base = `/negotiations/${negotiation.id}`;
  return json(
    {
      negotiation: { id: negotiation.id, title: negotiation.title, signedOn: negotiation.signedOn },
      signed,
      signedHash: signed ? await signedContentHash(context, negotiation.id) : null,
      filingDeadline: signed && negotiation.signedOn ? filingDeadline(negotiation.signedOn) : null,
      hrefs: { docx: `${base}/export.docx`, pdf: `${base}/export.pdf`, md: `${base}/export.md`, json: `${base}/export.json`, filing: `${base}/filing.zip` },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type Progress = { kind: "idle" } | { kind: "busy"; received: number; total: number | null } | { kind: "done" } | { kind: "failed"; reason: string };

/** The file name the server chose: RFC 5987 `filename*` first, then the plain `filename`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const extended = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {
      // fall through to the ASCII name
    }
  }
  const plain = disposition ? /filename="([^"]+)"/i.exec(disposition) : null;
  return plain?.[1] ?? fallback;
}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A plain download link (works without scripts) that, with scripts, fetches the file itself so the
 * page can say it is being built and how much has arrived, then saves it from a blob.
 */
function DownloadLink({ href, label, name, testId, primary }: { href: string; label: string; name: string; testId: string; primary?: boolean }) {
  const t = useT();
  const [progress, setProgress] = useState<Progress>({ kind: "idle" });
  const busy = progress.kind === "busy";

  async function download(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (busy) return;
    setProgress({ kind: "busy", received: 0, total: null });
    try {
      const response = await fetch(href, { credentials: "same-origin", headers: { Accept: "*/*" } });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new Error(answer?.message ?? `HTTP ${response.status}`);
      }
      const total = Number(response.headers.get("Content-Length")) || null;
      const chunks: BlobPart[] = [];
      let received = 0;
      const reader = response.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value as Uint8Array<ArrayBuffer>);
          received += value.byteLength;
          setProgress({ kind: "busy", received, total });
        }
      } else {
        chunks.push(new Uint8Array(await response.arrayBuffer()));
      }
      const blob = new Blob(chunks, { type: response.headers.get("Content-Type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = fileNameOf(response.headers.get("Content-Disposition"), href.split("/").pop() ?? "download");
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setProgress({ kind: "done" });
    } catch (error) {
      setProgress({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <li>
      <a href={href} download className={primary ? "button primary" : "button"} data-testid={testId} aria-disabled={busy || undefined} onClick={download}>
        {label}
      </a>
      <span className={`export-progress ${progress.kind}`} role="status" data-testid={`${testId}-status`} data-state={progress.kind}>
        {progress.kind === "busy" ? (
          <>
            <span className="spinner" aria-hidden="true" />
            {progress.received > 0 ? format(t.exportsReceived, { name, size: sizeText(progress.received) }) : format(t.exportsBuilding, { name })}
          </>
        ) : progress.kind === "done" ? (
          format(t.exportsDone, { name })
        ) : progress.kind === "failed" ? (
          format(t.exportsFailed, { name, reason: progress.reason })
        ) : null}
      </span>
    </li>
  );
}

export default function ExportPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page narrow-wide">
      <NegotiationPageTitle page={t.exportsTitle} negotiation={data.negotiation} navLabel={t.exportsTitle} onward={[{ path: "record", label: t.recordNav }]} />

      <section className="card" aria-labelledby="exports-agreement-title">
        <h2 id="exports-agreement-title">{t.exportsAgreement}</h2>
        <p data-testid="exports-status">{data.signed ? format(t.exportsIntroSigned, { date: data.negotiation.signedOn ?? "—" }) : t.exportsIntroDraft}</p>
        {data.signedHash ? (
          <p>
            {t.exportsSignedHash}: <code className="export-hash">{data.signedHash}</code>
          </p>
        ) : null}
        <ul className="export-list">
          <DownloadLink href={data.hrefs.docx} label={t.exportsDocx} name="DOCX" testId="export-docx" primary />
          <DownloadLink href={data.hrefs.pdf} label={t.exportsPdf} name="PDF" testId="export-pdf" primary />
          <DownloadLink href={data.hrefs.md} label={t.exportsMarkdown} name="Markdown" testId="export-md" />
          <DownloadLink href={data.hrefs.json} label={t.exportsJson} name="JSON" testId="export-json" />
        </ul>
        <p className="hint">{t.exportsCaucusNote}</p>
      </section>

      <section className="card" aria-labelledby="exports-filing-title">
        <h2 id="exports-filing-title">{t.exportsFiling}</h2>
        <p>{t.exportsFilingIntro}</p>
        {data.signed ? (
          <>
            {data.filingDeadline ? <p data-testid="exports-filing-deadline">{format(t.exportsFilingDeadline, { date: data.filingDeadline })}</p> : null}
            <ul className="export-list">
              <DownloadLink href={data.hrefs.filing} label={t.exportsFilingZip} name="ZIP" testId="export-filing" primary />
            </ul>
          </>
        ) : (
          <p className="hint" data-testid="exports-filing-locked">
            {t.exportsFilingLocked}
          </p>
        )}
      </section>
      <p className="hint">{t.exportsNoJsHint}</p>
    </div>
  );
}
