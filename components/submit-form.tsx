"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { uploadLimitFor, type UploadLimits } from "@/app/_lib/upload-limits";
import { formatBytes } from "@/lib/format";

import { FieldError } from "./field-error";
import { buttonClass, inputClass, labelClass } from "./styles";

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; loaded: number; total: number }
  | { phase: "done"; id: string }
  | { phase: "failed"; message: string; field?: "file" | "parameters" };

/** Reads the message from the API's JSON error body, if it has one. */
function errorMessage(status: number, body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "error" in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error && typeof error === "object" && "message" in error) {
        const message = (error as { message: unknown }).message;
        if (typeof message === "string") return message;
      }
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  if (status === 413) return "The file is larger than the upload limit.";
  if (status === 401) return "Your session has expired. Sign in again.";
  return `The upload failed with HTTP status ${status}. Try again.`;
}

/** Describes the size limits, naming models apart when their limit differs. */
function sizeHint(limits: UploadLimits): string {
  const files = formatBytes(limits.maxFileBytes);
  if (limits.maxModelBytes === undefined || limits.maxModelBytes === limits.maxFileBytes) {
    return `at most ${files}`;
  }
  return `at most ${files}, models at most ${formatBytes(limits.maxModelBytes)}`;
}

/** Reads the submission id from the API's JSON response. */
function submissionId(body: string): string | undefined {
  const parsed: unknown = JSON.parse(body);
  if (!parsed || typeof parsed !== "object") return undefined;
  const record = parsed as Record<string, unknown>;
  const nested = record.submission;
  const source =
    nested && typeof nested === "object" ? (nested as Record<string, unknown>) : record;
  return typeof source.id === "string" ? source.id : undefined;
}

/**
 * The upload form. It posts the file with XMLHttpRequest rather than fetch
 * because only XHR reports upload progress; the session cookie
 * authenticates the request. Parameter challenges may paste JSON instead
 * of choosing a file.
 */
export function SubmitForm({
  slug,
  acceptsParameters,
  accept,
  limits,
  disabledReason,
}: {
  slug: string;
  acceptsParameters: boolean;
  /** The file input's `accept` list, e.g. `.csv,.csv.gz`. */
  accept: string;
  limits: UploadLimits;
  /** Why submitting is not possible now (closed, quota used), if so. */
  disabledReason?: string;
}) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const uploading = state.phase === "uploading";

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = fileRef.current?.files?.[0];
    const pasted = String(form.get("parameters") ?? "").trim();
    const body = new FormData();

    if (file) {
      const maxBytes = uploadLimitFor(file.name, limits);
      if (file.size > maxBytes) {
        setState({
          phase: "failed",
          field: "file",
          message: `${file.name} has ${formatBytes(file.size)}, more than the limit of ${formatBytes(maxBytes)}.`,
        });
        return;
      }
      body.append("file", file, file.name);
    } else if (acceptsParameters && pasted) {
      try {
        JSON.parse(pasted);
      } catch (error) {
        setState({
          phase: "failed",
          field: "parameters",
          message: `The pasted text is not valid JSON: ${(error as Error).message}`,
        });
        return;
      }
      body.append(
        "file",
        new Blob([pasted], { type: "application/json" }),
        "parameters.json",
      );
    } else {
      setState({
        phase: "failed",
        field: "file",
        message: acceptsParameters
          ? "Choose a file or paste the parameters as JSON."
          : "Choose a file to upload.",
      });
      return;
    }
    body.append("description", String(form.get("description") ?? ""));

    const request = new XMLHttpRequest();
    request.open(
      "POST",
      `/api/v1/challenges/${encodeURIComponent(slug)}/submissions`,
    );
    request.withCredentials = true;
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = (progress) => {
      setState({
        phase: "uploading",
        loaded: progress.loaded,
        total: progress.lengthComputable ? progress.total : 0,
      });
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        const id = submissionId(request.responseText);
        if (id) {
          setState({ phase: "done", id });
          router.push(`/submissions/${id}`);
          return;
        }
      }
      setState({
        phase: "failed",
        message: errorMessage(request.status, request.responseText),
      });
    };
    request.onerror = () => {
      setState({
        phase: "failed",
        message: "The connection failed during the upload. Check your network and try again.",
      });
    };
    setState({ phase: "uploading", loaded: 0, total: 0 });
    request.send(body);
  }

  const percent =
    state.phase === "uploading" && state.total > 0
      ? Math.round((state.loaded / state.total) * 100)
      : undefined;
  const fieldError = state.phase === "failed" ? state.field : undefined;

  return (
    <form onSubmit={handleSubmit} className="space-y-5" aria-busy={uploading}>
      <fieldset disabled={Boolean(disabledReason) || uploading} className="space-y-5">
        <div>
          <label htmlFor="file" className={labelClass}>
            Submission file
          </label>
          <input
            ref={fileRef}
            id="file"
            name="file"
            type="file"
            accept={accept}
            aria-describedby="file-hint"
            aria-invalid={fieldError === "file"}
            className="mt-1 block w-full text-sm file:mr-4 file:rounded-md file:border-0 file:bg-brand-50 file:px-4 file:py-2 file:font-semibold file:text-brand-800 hover:file:bg-brand-100"
          />
          <p id="file-hint" className="mt-1 text-xs text-slate-500">
            {accept.replaceAll(",", ", ")}, {sizeHint(limits)}.
          </p>
        </div>
        {acceptsParameters ? (
          <div>
            <label htmlFor="parameters" className={labelClass}>
              Or paste the parameters as JSON
            </label>
            <textarea
              id="parameters"
              name="parameters"
              rows={4}
              spellCheck={false}
              aria-invalid={fieldError === "parameters"}
              placeholder='{"parameter": 1.5, "other_parameter": 2}'
              className={`${inputClass} mt-1 font-mono`}
            />
          </div>
        ) : null}
        <div>
          <label htmlFor="description" className={labelClass}>
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="description"
            name="description"
            type="text"
            maxLength={500}
            placeholder="e.g. what changed since your last submission"
            className={`${inputClass} mt-1`}
          />
        </div>
        <button type="submit" className={buttonClass}>
          {uploading ? "Uploading…" : "Submit"}
        </button>
      </fieldset>

      {state.phase === "uploading" ? (
        <div>
          <div className="flex justify-between text-sm text-slate-600">
            <span id="upload-label">Uploading</span>
            <span>{percent === undefined ? "" : `${percent}%`}</span>
          </div>
          <progress
            aria-labelledby="upload-label"
            max={100}
            value={percent}
            data-testid="upload-progress"
            className="mt-1 h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
          />
        </div>
      ) : null}
      {state.phase === "done" ? (
        <p role="status" className="text-sm text-emerald-800">
          Uploaded. Opening the submission…
        </p>
      ) : null}
      {state.phase === "failed" ? (
        <div role="alert">
          <FieldError id="upload-error" messages={[state.message]} />
        </div>
      ) : null}
    </form>
  );
}
