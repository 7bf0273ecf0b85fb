import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { eq } from "drizzle-orm";

import { GET as getSubmission } from "@/app/api/v1/submissions/[id]/route";
import {
  GET as listSubmissions,
  POST as submit,
} from "@/app/api/v1/challenges/[slug]/submissions/route";
import { submissions } from "@/db/schema";
import { syncBundles } from "@/lib/server/challenges";
import { createToken } from "@/lib/server/tokens";
import { createUser } from "@/lib/server/users";
import { startWorker, type ScoringWorker } from "@/lib/server/worker";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/db";
import { buildOnnxModel } from "../models/helpers/onnx-builder";
import { apiFixturesDir, call, expectError } from "./helpers";

// Three challenges in a temporary folder: models only, parameters only and
// predictions only (a copy of api-auc). The folder sits beside a link to
// node_modules, so the parameter objective's `zod` import resolves.
const rootDir = mkdtempSync(path.join(tmpdir(), "arena-upload-checks-"));
const challengesDir = path.join(rootDir, "challenges");
const dataDir = path.join(rootDir, "data");
process.env.ARENA_DATA_DIR = dataDir;
process.env.ARENA_CHALLENGES_DIR = challengesDir;

const header = `pages: { overview: page.md, data: page.md, evaluation: page.md, rules: page.md }
limits: { daily_submissions: 3, max_file_mb: 1, final_selections: 1 }
phase: { opens: "2026-01-01T00:00:00Z", closes: "2036-01-01T00:00:00Z" }
`;

const modelsYaml = `slug: upload-models
title: Models only
summary: Three features, scored with the ROC AUC of a model's output.
kinds: [model]
${header}submission:
  id_column: id
  columns: [{ name: prediction, type: number, min: 0, max: 1 }]
answer_key:
  file: hidden/answer-key.csv
  split: { column: Usage, public: Public, private: Private }
metric:
  id: roc_auc
  inputs:
    labels: { answer_key: label }
    scores: { submission: prediction }
model:
  features_file: hidden/features.csv
  feature_columns: [x0, x1, x2]
  time_limit_s: 60
  memory_mb: 1024
  max_size_mb: 1
`;

const parametersYaml = `slug: upload-params
title: Parameters only
summary: Submit a and b, with b not negative.
kinds: [parameters]
${header}parameters:
  objective: objective.ts
  direction: minimize
`;

const objectiveSource = `import { z } from "zod";

export const parametersSchema = z.strictObject({ a: z.number(), b: z.number().min(0) });

export function evaluate(params: z.infer<typeof parametersSchema>) {
  return { value: params.a ** 2 + params.b ** 2 };
}
`;

function writeBundle(slug: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(challengesDir, slug, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

writeBundle("upload-models", {
  "challenge.yaml": modelsYaml,
  "page.md": "# Models only\n",
  "hidden/features.csv": "id,x0,x1,x2\n1,0.5,1,2\n2,-1,0,1\n3,2,1,0\n4,0,-2,1\n",
  "hidden/answer-key.csv": "id,label,Usage\n1,1,Public\n2,0,Public\n3,1,Private\n4,0,Private\n",
});
writeBundle("upload-params", {
  "challenge.yaml": parametersYaml,
  "page.md": "# Parameters only\n",
  "objective.ts": objectiveSource,
});
cpSync(path.join(apiFixturesDir, "api-auc"), path.join(challengesDir, "api-auc"), { recursive: true });
symlinkSync(path.join(process.cwd(), "node_modules"), path.join(rootDir, "node_modules"));

/** Builds a logistic model over `width` features with every weight 0.1. */
function logisticOnnx(width: number): Uint8Array<ArrayBuffer> {
  const model = buildOnnxModel({
    inputs: [{ name: "features", shape: ["batch", width] }],
    outputs: [{ name: "probability", shape: ["batch", 1] }],
    initializers: [{ name: "w", dims: [width, 1], values: new Float32Array(width).fill(0.1) }],
    nodes: [
      { op: "MatMul", inputs: ["features", "w"], outputs: ["logit"] },
      { op: "Sigmoid", inputs: ["logit"], outputs: ["probability"] },
    ],
  });
  return new Uint8Array(model);
}

function fileForm(content: BlobPart, fileName: string): FormData {
  const form = new FormData();
  form.set("file", new Blob([content]), fileName);
  return form;
}

after(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

for (const kind of databaseKinds) {
  describe(`upload checks on ${kind}`, () => {
    let database: TestDatabase;
    let worker: ScoringWorker;
    let token = "";

    before(async () => {
      database = await createTestDatabase(kind);
      const user = await createUser({ email: `uploader-${kind}@example.edu`, password: "long enough password" });
      token = (await createToken(user.id, "tests")).secret;
      const synced = await syncBundles();
      assert.deepEqual(synced.failed, []);
      worker = await startWorker({ pollingIntervalSeconds: 0.5, sweepIntervalSeconds: 3600 });
    });

    after(async () => {
      await worker.stop();
      await database.close();
    });

    async function upload(slug: string, form: FormData): Promise<Response> {
      return call(submit, { slug }, `/api/v1/challenges/${slug}/submissions`, {
        method: "POST",
        token,
        body: form,
      });
    }

    /** Checks that no submission row exists and the challenge's quota is untouched. */
    async function assertNothingRecorded(slug: string): Promise<void> {
      const response = await call(listSubmissions, { slug }, `/api/v1/challenges/${slug}/submissions`, { token });
      const body = (await response.json()) as { submissions: unknown[]; quota: { remaining: number } };
      assert.deepEqual(body.submissions, []);
      assert.equal(body.quota.remaining, 3);
      const rows = await database.db.select({ id: submissions.id }).from(submissions);
      assert.deepEqual(rows, []);
    }

    test("corrupt model gets 400", async () => {
      const error = await expectError(
        await upload("upload-models", fileForm("not a model", "broken.onnx")),
        400,
        "bad_request:submission",
      );
      assert.match(error.message, /broken\.onnx/);
      assert.match(error.message, /not an ONNX model/);
      await assertNothingRecorded("upload-models");
    });

    test("model of wrong width gets 400", async () => {
      const error = await expectError(
        await upload("upload-models", fileForm(logisticOnnx(5), "wide.onnx")),
        400,
        "bad_request:submission",
      );
      assert.match(error.message, /wide\.onnx/);
      assert.match(error.message, /shape \[batch, 3\]/);
      assert.match(error.message, /found float32 \[batch, 5\]/);
      await assertNothingRecorded("upload-models");
    });

    test("invalid parameters get 400", async () => {
      const error = await expectError(
        await upload("upload-params", fileForm('{"a": 1, "b": -2}', "params.json")),
        400,
        "bad_request:submission",
      );
      assert.match(error.message, /params\.json/);
      assert.match(error.message, /invalid parameters: b: /);
      await assertNothingRecorded("upload-params");
    });

    test("unreadable parameter file gets 400", async () => {
      const error = await expectError(
        await upload("upload-params", fileForm('{"a": 1,', "cut.json")),
        400,
        "bad_request:submission",
      );
      assert.match(error.message, /cut\.json/);
      assert.match(error.message, /invalid JSON/);
      await assertNothingRecorded("upload-params");
    });

    test("prediction file to models-only gets 400", async () => {
      const error = await expectError(
        await upload("upload-models", fileForm("id,prediction\n1,0.5\n", "predictions.csv")),
        400,
        "bad_request:submission_kind",
      );
      assert.match(error.message, /"upload-models" does not accept prediction files/);
      assert.match(error.message, /Upload models \(\.onnx/);
      await assertNothingRecorded("upload-models");
    });

    test("model to predictions-only gets 400", async () => {
      const error = await expectError(
        await upload("api-auc", fileForm(logisticOnnx(3), "model.onnx")),
        400,
        "bad_request:submission_kind",
      );
      assert.match(error.message, /"api-auc" does not accept models/);
      assert.match(error.message, /Upload prediction files/);
      const form = fileForm("id,prediction\n1,0.5\n", "predictions.csv");
      form.set("kind", "model");
      await expectError(await upload("api-auc", form), 400, "bad_request:submission_kind");
      await assertNothingRecorded("api-auc");
    });

    test("valid model is accepted and scored", async () => {
      const response = await upload("upload-models", fileForm(logisticOnnx(3), "good.onnx"));
      const text = await response.text();
      assert.equal(response.status, 201, text);
      const { submission } = JSON.parse(text) as { submission: { id: string; kind: string } };
      assert.equal(submission.kind, "model");

      const deadline = Date.now() + 60_000;
      let status = "";
      while (Date.now() < deadline) {
        const polled = await call(getSubmission, { id: submission.id }, `/api/v1/submissions/${submission.id}`, {
          token,
        });
        status = ((await polled.json()) as { submission: { status: string } }).submission.status;
        if (status === "scored" || status === "failed") break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.equal(status, "scored");
      const rows = await database.db.select().from(submissions).where(eq(submissions.id, submission.id));
      // Outputs about 0.59 and 0.50 on the public rows (labels 1, 0) and 0.57
      // and 0.48 on the private rows, so both ROC AUCs are 1.
      assert.equal(rows[0]?.publicScore, 1);
      assert.equal(rows[0]?.privateScore, 1);
    });

    test("valid parameters are accepted", async () => {
      const response = await upload("upload-params", fileForm('{"a": 1, "b": 2}', "params.json"));
      assert.equal(response.status, 201, await response.text());
    });

    test("parallel model checks get 429", async () => {
      // A model that fails its check costs no quota, so only the limit of
      // one running check per user stops a user from starting many.
      const racer = await createUser({ email: `racer-${kind}@example.edu`, password: "long enough password" });
      const racerToken = (await createToken(racer.id, "tests")).secret;
      const responses = await Promise.all(
        ["first.onnx", "second.onnx"].map((name) =>
          call(submit, { slug: "upload-models" }, "/api/v1/challenges/upload-models/submissions", {
            method: "POST",
            token: racerToken,
            body: fileForm(logisticOnnx(5), name),
          }),
        ),
      );
      const codes = await Promise.all(
        responses.map(async (response) => {
          const body = (await response.json()) as { error: { code: string } };
          return `${response.status} ${body.error.code}`;
        }),
      );
      assert.deepEqual(codes.sort(), [
        "400 bad_request:submission",
        "429 rate_limited:model_check_in_progress",
      ]);
    });
  });
}
