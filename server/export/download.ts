/** The HTTP answer of every file export: type, length, a Content-Disposition with the Chinese name and its ASCII fallback, never cached. */
import { contentDisposition, type DownloadName } from "./fileNames";

export const EXPORT_MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  md: "text/markdown; charset=utf-8",
  zip: "application/zip",
} as const;

export function downloadResponse(body: Buffer | string, contentType: string, name: DownloadName): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": contentDisposition(name.fileName, name.asciiFallback),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
