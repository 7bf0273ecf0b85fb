import { expect, test } from "./fixtures";

test("model challenge shows the export guide", async ({ page, student }) => {
  expect(student.email).toContain("@");
  await page.goto("/challenges/particle-identification/submit");
  const guide = page.getByRole("region", { name: "Submitting a model" });
  await expect(guide).toContainText("[batch, 19]");
  await expect(guide).toContainText("Ghost, Electron, Muon, Pion, Kaon, Proton");
  await guide.getByText("scikit-learn (skl2onnx)").click();
  await expect(guide.locator("pre").first()).toContainText('"TrackP", "TrackPt"');
});
