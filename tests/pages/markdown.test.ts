import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { renderMarkdown } from "../../lib/markdown.ts";

const publicFiles = new Map([
  ["train.csv", "/challenges/demo/files/train.csv"],
  ["mass plot.png", "/challenges/demo/files/mass%20plot.png"],
]);
const options = {
  resolvePublicFile: (name: string) => publicFiles.get(name),
};

describe("renderMarkdown", () => {
  it("renders headings, emphasis, tables and code", () => {
    const html = renderMarkdown(
      "# Title\n\nSome *emphasis*.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n",
    );
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<em>emphasis<\/em>/);
    assert.match(html, /<table>/);
    assert.match(html, /<td align="right">2<\/td>/);
    assert.match(html, /<code class="language-python">print\(1\)/);
  });

  it("removes script tags and their content", () => {
    const html = renderMarkdown("Hi <script>alert('x')</script> there");
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /alert/);
  });

  it("removes event handler attributes", () => {
    const html = renderMarkdown('<p onclick="steal()">text</p>');
    assert.doesNotMatch(html, /onclick/);
    assert.match(html, /<p>text<\/p>/);
  });

  it("removes iframes, styles and forms", () => {
    const html = renderMarkdown(
      '<iframe src="https://example.org"></iframe><style>p{}</style><form action="/x"><input name="a"></form>',
    );
    assert.doesNotMatch(html, /<iframe/);
    assert.doesNotMatch(html, /<style/);
    assert.doesNotMatch(html, /<form/);
    assert.doesNotMatch(html, /<input/);
  });

  it("drops javascript links in markdown and raw HTML", () => {
    const cases = [
      "[click](javascript:alert(1))",
      '<a href="javascript:alert(1)">click</a>',
      '<a href="JaVaScRiPt:alert(1)">click</a>',
      '<a href="java&#x09;script:alert(1)">click</a>',
      '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    ];
    for (const source of cases) {
      const html = renderMarkdown(source);
      assert.doesNotMatch(html, /javascript/i, source);
      assert.doesNotMatch(html, /href="data:/i, source);
      assert.match(html, /click/, source);
    }
  });

  it("keeps https links and marks them nofollow", () => {
    const html = renderMarkdown("[CERN](https://home.cern/)");
    assert.match(html, /href="https:\/\/home\.cern\/"/);
    assert.match(html, /rel="noopener noreferrer nofollow"/);
  });

  it("keeps mailto links and in-page anchors", () => {
    const html = renderMarkdown("[mail](mailto:staff@example.edu) [up](#top)");
    assert.match(html, /href="mailto:staff@example\.edu"/);
    assert.match(html, /href="#top"/);
  });

  it("rewrites links to public bundle files", () => {
    const html = renderMarkdown("[data](./files/train.csv)", options);
    assert.match(html, /href="\/challenges\/demo\/files\/train\.csv"/);
  });

  it("drops links to files that are not public", () => {
    const html = renderMarkdown("[key](answer_key.csv) [up](../../etc/passwd)", options);
    assert.doesNotMatch(html, /answer_key/);
    assert.doesNotMatch(html, /passwd/);
    assert.match(html, /<a>key<\/a>/);
  });

  it("keeps https images and public bundle images", () => {
    const html = renderMarkdown(
      "![a](https://example.org/a.png) ![b](mass%20plot.png)",
      options,
    );
    assert.match(html, /<img alt="a" src="https:\/\/example\.org\/a\.png"/);
    assert.match(html, /src="\/challenges\/demo\/files\/mass%20plot\.png"/);
  });

  it("drops http, data and unlisted images", () => {
    const html = renderMarkdown(
      "![a](http://example.org/a.png) ![b](data:image/png;base64,AAAA) ![c](secret.png) ![d](/etc/hosts)",
      options,
    );
    assert.doesNotMatch(html, /<img/);
  });

  it("drops protocol-relative image sources", () => {
    const html = renderMarkdown("![a](//example.org/a.png)", options);
    assert.doesNotMatch(html, /<img/);
  });

  it("drops relative links without a resolver", () => {
    const html = renderMarkdown("[data](train.csv)");
    assert.doesNotMatch(html, /href/);
  });
});
