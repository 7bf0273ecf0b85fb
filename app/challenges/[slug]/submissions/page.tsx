import type { Metadata } from "next";
import Link from "next/link";

import { loadChallengeView } from "@/app/_lib/challenge-view";
import { parseChecks } from "@/app/_lib/submission-view";
import {
  MySubmissionsTable,
  type MySubmissionRow,
} from "@/components/my-submissions-table";
import { AutoRefresh } from "@/components/auto-refresh";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { linkClass } from "@/components/styles";
import type { Submission } from "@/db/schema";
import { getSessionUser } from "@/lib/auth/session";
import {
  finalSelectionLimit,
  listSubmissionsForUser,
} from "@/lib/server/submissions";

export const metadata: Metadata = { title: "My submissions" };

function toRow(submission: Submission): MySubmissionRow {
  return {
    id: submission.id,
    createdAt: submission.createdAt.toISOString(),
    description: submission.description,
    fileName: submission.fileName,
    status: submission.status,
    publicScore: submission.publicScore,
    passedChecks: submission.passedChecks,
    failedChecks: parseChecks(submission.checks)
      .filter((check) => !check.passed)
      .map((check) => check.title ?? check.name),
    error: submission.error,
    failureKind: submission.failureKind,
    selectedFinal: submission.selectedFinal,
  };
}

export default async function MySubmissionsPage({
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
        callbackUrl={`/challenges/${view.row.slug}/submissions`}
        action="see your submissions"
      />
    );
  }

  const submissions = await listSubmissionsForUser(user.id, view.row.id);
  if (submissions.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        You have not submitted to this challenge yet.{" "}
        <Link href={`/challenges/${view.row.slug}/submit`} className={linkClass}>
          Make your first submission
        </Link>
        .
      </p>
    );
  }

  const pending = submissions.some(
    (submission) => submission.status === "queued" || submission.status === "scoring",
  );
  return (
    <>
      {pending ? <AutoRefresh /> : null}
      <MySubmissionsTable
        slug={view.row.slug}
        rows={submissions.map(toRow)}
        finalLimit={finalSelectionLimit(view.row)}
        canSelect={view.status !== "closed"}
      />
    </>
  );
}
