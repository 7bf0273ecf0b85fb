import type { Metadata } from "next";

import { loadChallengeView } from "@/app/_lib/challenge-view";
import { BundlePageContent } from "@/components/bundle-page";

export const metadata: Metadata = { title: "Evaluation" };

export default async function ChallengeEvaluationPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const view = await loadChallengeView(slug);
  return <BundlePageContent view={view} page="evaluation" />;
}
