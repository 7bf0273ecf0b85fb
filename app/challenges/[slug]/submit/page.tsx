import type { Metadata } from "next";
import Link from "next/link";

import { loadChallengeView, type ChallengeView } from "@/app/_lib/challenge-view";
import type { UploadLimits } from "@/app/_lib/upload-limits";
import { DateTime } from "@/components/date-time";
import { ModelExportHelp } from "@/components/model-export-help";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { cardClass, linkClass } from "@/components/styles";
import { SubmitForm } from "@/components/submit-form";
import { getSessionUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/server/config";
import { remainingToday, type Quota } from "@/lib/server/submissions";

export const metadata: Metadata = { title: "Submit" };

const mebibyte = 1024 * 1024;

/** File types the file input offers, by the kinds the challenge accepts. */
function acceptedTypes(view: ChallengeView): string {
  const types = new Set<string>();
  for (const kind of view.definition.kinds) {
    if (kind === "predictions") [".csv", ".gz"].forEach((type) => types.add(type));
    if (kind === "parameters") [".csv", ".json"].forEach((type) => types.add(type));
    if (kind === "model") [".onnx", ".zip"].forEach((type) => types.add(type));
  }
  return [...types].join(",");
}

function disabledReason(view: ChallengeView, quota: Quota): string | undefined {
  if (view.status === "upcoming") return "The challenge has not opened yet.";
  if (view.status === "closed") return "The challenge is closed.";
  if (quota.remaining <= 0) return "You have used all of today's submissions.";
  return undefined;
}

function FormatHint({ view }: { view: ChallengeView }) {
  const { definition } = view;
  const format = definition.submission;
  const header = format
    ? [format.id_column, ...format.columns.map((column) => column.name)]
    : undefined;
  const evaluationLink = (
    <Link href={`/challenges/${view.row.slug}/evaluation`} className={linkClass}>
      evaluation tab
    </Link>
  );
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
      {definition.kinds.includes("predictions") && header ? (
        <li>
          A CSV file (or .csv.gz) with the header{" "}
          <code className="rounded bg-slate-100 px-1 font-mono break-all">{header.join(",")}</code>{" "}
          and one row per test id.
        </li>
      ) : null}
      {definition.kinds.includes("model") ? (
        <li>
          A model: one self-contained .onnx file, or a TensorFlow.js .zip with
          model.json. The server runs it on the test features.
        </li>
      ) : null}
      {definition.kinds.includes("parameters") ? (
        <li>The parameters as a one-row CSV file or as JSON.</li>
      ) : null}
      <li>The {evaluationLink} describes the format and the score.</li>
    </ul>
  );
}

export default async function ChallengeSubmitPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const view = await loadChallengeView(slug);
  const user = await getSessionUser();
  if (!user) {
    return (
      <SignInPrompt
        callbackUrl={`/challenges/${view.row.slug}/submit`}
        action="submit to this challenge"
      />
    );
  }

  const quota = await remainingToday(user.id, view.row);
  const reason = disabledReason(view, quota);
  // ARENA_MAX_UPLOAD_MB caps every upload, whatever the challenge allows.
  const maxUploadMegabytes = getConfig().ARENA_MAX_UPLOAD_MB;
  const toBytes = (megabytes: number) =>
    Math.floor(Math.min(megabytes, maxUploadMegabytes) * mebibyte);
  const model = view.definition.kinds.includes("model") ? view.definition.model : undefined;
  const limits: UploadLimits = {
    maxFileBytes: toBytes(view.definition.limits.max_file_mb),
    maxModelBytes: model ? toBytes(model.max_size_mb) : undefined,
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <section aria-labelledby="submit-heading" className={cardClass}>
        <h2 id="submit-heading" className="text-lg font-semibold">
          New submission
        </h2>
        <div className="mt-2">
          <FormatHint view={view} />
        </div>
        {reason ? (
          <p role="status" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {reason}
          </p>
        ) : null}
        {view.definition.kinds.includes("model") && view.definition.model ? (
          <div className="mt-4">
            <ModelExportHelp
              model={view.definition.model}
              outputColumns={
                view.definition.model.ranking
                  ? ["signal"]
                  : (view.definition.submission?.columns ?? []).map((column) => column.name)
              }
            />
          </div>
        ) : null}
        <div className="mt-4">
          <SubmitForm
            slug={view.row.slug}
            acceptsParameters={view.definition.kinds.includes("parameters")}
            accept={acceptedTypes(view)}
            limits={limits}
            disabledReason={reason}
          />
        </div>
      </section>
      <aside aria-labelledby="quota-heading" className={`${cardClass} self-start`}>
        <h2 id="quota-heading" className="text-lg font-semibold">
          Today&apos;s limit
        </h2>
        {view.status === "open" ? (
          <>
            <p className="mt-2 text-slate-700" data-testid="remaining-today">
              <span className="text-3xl font-bold text-slate-900">{quota.remaining}</span>{" "}
              submission{quota.remaining === 1 ? "" : "s"} left today
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {quota.used} of {quota.limit} used. The count starts again at{" "}
              <DateTime value={quota.resetsAt} />.
            </p>
          </>
        ) : (
          <p className="mt-2 text-slate-700" data-testid="remaining-today">
            No submissions while the challenge is {view.status}.
          </p>
        )}
        <p className="mt-4 text-sm">
          <Link href={`/challenges/${view.row.slug}/submissions`} className={linkClass}>
            See your submissions
          </Link>
        </p>
      </aside>
    </div>
  );
}
