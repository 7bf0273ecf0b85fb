import type { Metadata } from "next";

import { loadChallengeView } from "@/app/_lib/challenge-view";
import { BundlePageContent } from "@/components/bundle-page";
import { getChallengeBySlug } from "@/lib/server/challenges";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ slug: string }>;
}): Promise<Metadata> {
  const { slug } = await params;
  const row = await getChallengeBySlug(slug);
  return { title: row?.title ?? "Challenge not found" };
}

export default async function ChallengeOverviewPage({
  params,
}: {
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const view = await loadChallengeView(slug);
  return <BundlePageContent view={view} page="overview" />;
}
