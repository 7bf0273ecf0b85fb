import { stat } from "node:fs/promises";

import type { Metadata } from "next";

import {
  loadChallengeView,
  offeredPublicFiles,
  publicFileHref,
  resolveInBundle,
  type ChallengeView,
} from "@/app/_lib/challenge-view";
import { BundlePageContent } from "@/components/bundle-page";
import { linkClass } from "@/components/styles";
import { formatBytes } from "@/lib/format";

export const metadata: Metadata = { title: "Data" };

interface FileRow {
  path: string;
  description: string;
  size: number | undefined;
}

async function describeFiles(view: ChallengeView): Promise<FileRow[]> {
  return Promise.all(
    offeredPublicFiles(view).map(async (file) => {
      const full = resolveInBundle(view, file.path);
      const info = full ? await stat(/*turbopackIgnore: true*/ full).catch(() => undefined) : undefined;
      return {
        path: file.path,
        description: file.description,
        size: info?.isFile() ? info.size : undefined,
      };
    }),
  );
}

export default async function ChallengeDataPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const view = await loadChallengeView(slug);
  const files = await describeFiles(view);

  return (
    <div className="space-y-6">
      <section aria-labelledby="files-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <h2 id="files-heading" className="text-lg font-semibold">
          Files
        </h2>
        {files.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            This challenge has no files to download.
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {files.map((file) => (
              <li key={file.path} className="flex flex-wrap items-baseline justify-between gap-2 py-3">
                <div className="min-w-0">
                  {file.size === undefined ? (
                    <span className="font-mono text-sm">{file.path}</span>
                  ) : (
                    <a
                      href={publicFileHref(view.row.slug, file.path)}
                      className={`${linkClass} font-mono text-sm`}
                      download
                    >
                      {file.path}
                    </a>
                  )}
                  <p className="text-sm text-slate-600">{file.description}</p>
                </div>
                <span className="text-sm text-slate-500">
                  {file.size === undefined ? "not generated yet" : formatBytes(file.size)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {files.some((file) => file.size === undefined) ? (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Some files have not been generated yet.
            {view.definition.data_command ? (
              <>
                {" "}Staff can create them with{" "}
                <code className="font-mono">{view.definition.data_command}</code>.
              </>
            ) : null}
          </p>
        ) : null}
      </section>
      <BundlePageContent view={view} page="data" />
    </div>
  );
}
