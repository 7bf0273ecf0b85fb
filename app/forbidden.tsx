import { ForbiddenNotice } from "@/components/forbidden-notice";

/** Rendered with HTTP 403 when a page calls forbidden(). */
export default function Forbidden() {
  return <ForbiddenNotice what="This page" />;
}
