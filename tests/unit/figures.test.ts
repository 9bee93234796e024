// Local figures beside a brief (briefs/<slug>/): alt text, types, size limits, strict SVG sanitizing, embedding.
import { beforeAll, describe, expect, it } from "vitest";
import { deflateSync } from "node:zlib";
import type { Audience, FigureFile } from "../../src/shared/model.js";
import { parseBrief } from "../../src/validate/parse-brief.js";
import { transformBrief } from "../../src/transform/transform.js";
import { sanitizeSvg } from "../../src/validate/svg.js";
import { sizeProblem } from "../../src/validate/image-size.js";
import { body, briefFile, frontMatter, messagesOf, repoTemplates } from "./brief-from-markdown.js";

let us: Audience;
beforeAll(async () => {
  us = (await repoTemplates()).audiences.get("us")!;
});

/** A valid PNG of `width` × `height` (one grey row repeated; only the header matters to the checks). */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    return out; // CRC left zero: the checks read the header only
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.alloc((width + 1) * Math.min(height, 2)));
  return new Uint8Array(Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]));
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60"/></svg>';

function build(analysis: string, figures: FigureFile[]) {
  const file = briefFile(`${frontMatter()}\n${body({ analysis: `## Analysis\n\n${analysis}\n` })}`);
  const brief = parseBrief({ slug: "test", file, figures }, ["us", "eu"]);
  return { brief, file, messages: messagesOf(file) };
}

describe("local figures", () => {
  it("embeds a PNG beside the brief as a data: URL, with its alt text", () => {
    const { brief } = build("![Trade, 2020–24](test/trade.png)", [{ name: "trade.png", bytes: png(40, 20) }]);
    const { html } = transformBrief(brief!, us);
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Trade, 2020–24">/);
    expect(html).not.toContain("test/trade.png");
  });

  it("embeds a sanitized SVG as data:image/svg+xml", () => {
    const { brief } = build("![A square](./test/square.svg)", [{ name: "square.svg", bytes: Buffer.from(SVG) }]);
    const src = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(transformBrief(brief!, us).html)?.[1];
    expect(Buffer.from(src!, "base64").toString()).toContain('<rect width="120" height="60"');
  });

  it("refuses an image without alt text, at its line", () => {
    const { brief, file, messages } = build("Text.\n\n![](test/trade.png)", [{ name: "trade.png", bytes: png(4, 4) }]);
    expect(brief).toBeUndefined();
    const text = String(file.value);
    const line = text.slice(0, text.indexOf("![](")).split("\n").length;
    expect(messages).toContain(
      `${line}:1 figure-alt Image \`test/trade.png\` has no alt text. Say what it shows for readers who cannot see ` +
        "it: `![China–Russia trade, 2020–24](test/trade.png)`.",
    );
  });

  it("refuses a pasted data: image without alt text, at its line, and keeps one with alt", () => {
    const pasted = `data:image/png;base64,${Buffer.from(png(4, 4)).toString("base64")}`;
    const { brief, file, messages } = build(`Text.\n\n![ ](${pasted})`, []);
    expect(brief).toBeUndefined();
    const text = String(file.value);
    const line = text.slice(0, text.indexOf("![ ](")).split("\n").length;
    expect(messages.join("\n")).toContain(`${line}:1 figure-alt A pasted \`data:\` image has no alt text.`);
    const kept = build(`![Four grey pixels](${pasted})`, []);
    expect(kept.messages.join("\n")).not.toContain("figure-alt");
    expect(transformBrief(kept.brief!, us).html).toContain('alt="Four grey pixels"');
  });

  it("names a missing file, with a suggestion", () => {
    const { messages } = build("![Trade](test/trde.png)", [{ name: "trade.png", bytes: png(4, 4) }]);
    expect(messages.join("\n")).toMatch(
      /figure-missing Image `test\/trde.png`: there is no file briefs\/test\/trde.png\. Did you mean `trade.png`\?/,
    );
  });

  it("reports a file the load stage refused (too large) and a type not listed", () => {
    const { messages } = build("![A](test/big.png) ![B](test/anim.gif)", [
      {
        name: "big.png",
        problem: "briefs/test/big.png is 3000000 bytes, over the limit of 2097152. Export it smaller.",
      },
      { name: "anim.gif", problem: "briefs/test/anim.gif is not a PNG, JPEG, WebP or SVG file (by its extension)." },
    ]);
    expect(messages.join("\n")).toMatch(
      /figure-file Image `test\/big.png` cannot be used: briefs\/test\/big.png is 3000000 bytes/,
    );
    expect(messages.join("\n")).toMatch(
      /figure-file Image `test\/anim.gif` cannot be used: .* not a PNG, JPEG, WebP or SVG/,
    );
  });

  it("refuses contents that do not match the extension", () => {
    const { messages } = build("![A](test/fake.png)", [{ name: "fake.png", bytes: Buffer.from("<svg></svg>") }]);
    expect(messages.join("\n")).toMatch(/Image `test\/fake.png` cannot be used: its contents are not a PNG image/);
  });

  it("applies the pixel limits: 10,000 px a side, 20:1 at most", () => {
    expect(sizeProblem(10_001, 100)).toMatch(/at most 10000 pixels/);
    expect(sizeProblem(4000, 100)).toMatch(/at most 20 times the other/);
    expect(sizeProblem(2000, 100)).toBeUndefined();
    const { messages } = build("![Strip](test/strip.png)", [{ name: "strip.png", bytes: png(2100, 100) }]);
    expect(messages.join("\n")).toMatch(/cannot be used: it is 2100 × 100 pixels; one side may be at most 20 times/);
  });

  it("leaves other relative paths to the URL policy (removed with a warning, not a figure)", () => {
    const { brief, file } = build("![Logo](templates/logo.svg) and ![up](../x.png)", []);
    expect(brief).toBeDefined();
    expect(transformBrief(brief!, us).html).not.toMatch(/<img/);
    expect(messagesOf(file).join("\n")).toMatch(/unsafe-url Image `templates\/logo.svg` removed/);
  });

  it("does not treat a raw-HTML <img> as a figure", () => {
    const { brief } = build('<img src="test/trade.png" alt="raw">', [{ name: "trade.png", bytes: png(4, 4) }]);
    expect(transformBrief(brief!, us).html).not.toMatch(/<img/);
  });
});

describe("SVG sanitizing", () => {
  const hostile =
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100" ' +
    'onload="alert(1)"><script>alert(1)</script><style>@import url(http://evil.test/y.css);</style>' +
    "<foreignObject><div>html</div></foreignObject>" +
    '<rect width="10" height="10" fill="url(http://evil.test/p)" style="fill:url(#g)" onclick="x()"/>' +
    '<use xlink:href="http://evil.test/s.svg#a"/><use href="#r"/><image href="http://evil.test/x.png"/>' +
    '<a href="javascript:alert(1)"><text x="1" y="20">Kept &amp; text</text></a>' +
    '<animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onclick" to="x"/></svg>';

  it("keeps drawing and text, drops script, events, external references and foreignObject", () => {
    const clean = sanitizeSvg(hostile);
    if ("problem" in clean) throw new Error(clean.problem);
    expect(clean.svg).toContain("Kept &#x26; text");
    expect(clean.svg).toContain('style="fill:url(#g)"');
    expect(clean.svg).toContain('<use href="#r"');
    for (const bad of [
      /script/i,
      /onload|onclick/i,
      /evil\.test/,
      /foreignObject|<div|html/i,
      /javascript/i,
      /@import/,
    ])
      expect(clean.svg).not.toMatch(bad);
    expect([clean.width, clean.height]).toEqual([200, 100]);
  });

  it("refuses a file with no <svg> or no size", () => {
    expect(sanitizeSvg("<html><body>no</body></html>")).toEqual({ problem: "it has no <svg> element" });
    expect(sanitizeSvg("<svg><rect/></svg>")).toMatchObject({ problem: expect.stringMatching(/declares no size/) });
  });
});
