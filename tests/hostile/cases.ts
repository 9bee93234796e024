/** The hostile corpus: what each case attacks and what must hold. Each case has a fixture tests/fixtures/hostile/<id>.* */

/** One attack. */
export interface HostileCase {
  /** Also the brief's slug and the path prefix of every URL it points at the counting server. */
  id: string;
  attack: string;
  holds: string;
  /**
   * body: the fixture is Markdown put in the brief's Executive summary; front-matter: YAML lines that replace or add
   * front matter fields; own: a case with its own project or build (a template, a brand file, a link, the CLI).
   */
  kind: "body" | "front-matter" | "own";
  /** built: the edition is built, with the attack removed or escaped; refused: a located error, no edition. */
  outcome: "built" | "refused";
  /** A message the brief must get inside the fixture's lines: an error when refused, a warning when built. */
  message?: RegExp;
  /** Must be in the edition's HTML: the safe part survives. */
  present?: Array<string | RegExp>;
  /** Must not be in the edition's HTML (on top of the checks every case gets). */
  absent?: Array<string | RegExp>;
}

const IMAGE_REMOVED = /^Image `.*` removed: a memo shows only images embedded in the brief/;
const LINK_REMOVED = /^Link to `.*` removed: links may use http, https or mailto\.$/;

/** Every case; the own-kind ones are driven one by one in hostile.test.ts. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  { id: "h01-script-inline", kind: "body", outcome: "built", attack: "an inline <script> that fetches and rewrites the title", holds: "no script element; the text after it survives", present: ["Safe text H01."], absent: ["PWNED"] },
  { id: "h02-script-src", kind: "body", outcome: "built", attack: "external scripts (<script src>, upper case, defer inside a paragraph)", holds: "no script element, nothing fetched", present: ["Safe text H02."] },
  { id: "h03-event-handlers", kind: "body", outcome: "built", attack: "onerror, onload, onclick, onmouseover, ontoggle, <body onload>, <marquee onstart>", holds: "no on* attribute survives; the data: image and the texts stay", present: ["Click text H03.", "Details text H03.", /<img src="data:image\/png;base64,/] },
  { id: "h04-javascript-href", kind: "body", outcome: "built", message: LINK_REMOVED, attack: "javascript: links, mixed case and with a leading space", holds: "the links lose their href (a located warning says so); their text stays", present: ["link text H04"] },
  { id: "h05-javascript-obfuscated", kind: "body", outcome: "built", attack: "javascript: hidden by a tab, a newline, character references and &colon;", holds: "no href with a script protocol survives", present: ["obfuscated H05"] },
  { id: "h06-vbscript-href", kind: "body", outcome: "built", message: LINK_REMOVED, attack: "vbscript: links, in HTML and Markdown", holds: "no vbscript: anywhere", present: ["H06"], absent: [/vbscript:/i] },
  { id: "h07-data-html-href", kind: "body", outcome: "built", message: LINK_REMOVED, attack: "data:text/html links (base64 and plain)", holds: "no data:text/html anywhere", present: ["H07"] },
  { id: "h08-iframe", kind: "body", outcome: "built", attack: "<iframe src>, <iframe srcdoc>, <frame>", holds: "no frame of any kind", present: ["After the frames H08."], absent: ["srcdoc"] },
  { id: "h09-object-embed-applet", kind: "body", outcome: "built", attack: "<object data>, <param>, <embed>, <applet codebase>", holds: "no plugin element", present: ["After the plugins H09."] },
  { id: "h10-form", kind: "body", outcome: "built", attack: "a form posting out, <input type=image>, formaction, select, textarea", holds: "no form, input, button target or form attributes", present: ["After the form H10."], absent: [/<(input|select|textarea)\b/i, /formaction|method=/i] },
  { id: "h11-meta-refresh", kind: "body", outcome: "built", attack: "<meta http-equiv=refresh> to the server, a CSP meta", holds: "no meta http-equiv in the body; the page never navigates", present: ["After the meta H11."], absent: [/http-equiv/i] },
  { id: "h12-base-href", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "<base href> pointing relative URLs at the server, then a relative image", holds: "no base element; the relative image is removed with a located warning", present: ["after the base H12", "relative"] },
  { id: "h13-link-elements", kind: "body", outcome: "built", attack: "<link> stylesheet, preload, prefetch, dns-prefetch, icon, import", holds: "no link element from the brief", present: ["After the links H13."] },
  { id: "h14-style-import", kind: "body", outcome: "built", attack: "a <style> with @import, background url() and content: url()", holds: "the style element and its text are gone", present: ["After the style H14."], absent: ["@import", "style-bg"] },
  { id: "h15-style-attribute", kind: "body", outcome: "built", attack: "style attributes with url(): background-image, behavior, list-style, border-image", holds: "no style attribute survives; the text stays", present: ["Styled text H15.", "Span H15"] },
  { id: "h16-style-font-face", kind: "body", outcome: "built", attack: "an @font-face that loads a remote font", holds: "no @font-face from the brief", present: ["After the font H16."], absent: ["font-family: evil"] },
  { id: "h17-svg-script", kind: "body", outcome: "built", attack: "inline SVG with onload, <script>, javascript: xlink:href, <animate>/<set> writing handlers", holds: "no SVG at all", present: ["After the SVG H17."], absent: [/<svg/i, /<animate|<set\b/i] },
  { id: "h18-svg-foreign-object", kind: "body", outcome: "built", attack: "SVG <foreignObject> smuggling an iframe and an image", holds: "no foreignObject, iframe or remote image", present: ["After the foreignObject H18."], absent: [/<foreignobject/i] },
  { id: "h19-svg-image-use", kind: "body", outcome: "built", attack: "SVG <image href>, xlink:href, <use>, <feImage>, @import in SVG <style>", holds: "nothing from the SVG survives", present: ["After the SVG images H19."] },
  { id: "h20-img-remote-html", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "a remote <img> (the classic tracking pixel)", holds: "removed at sanitize time with a located warning; its alt text stays", present: ["Remote picture H20"] },
  { id: "h21-img-remote-markdown", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "a remote Markdown image ![](http://…)", holds: "removed with a located warning; alt text stays", present: ["Chart H21", "text after"] },
  { id: "h22-img-reference-definition", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "an image through a reference definition", holds: "removed with a located warning", present: ["Reference chart H22"] },
  { id: "h23-srcset-picture", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "srcset on <img>, <picture><source srcset>", holds: "no srcset, no source element; the data: image stays", absent: [/srcset=/i, /<source/i], present: [/<img src="data:image\/png;base64,/] },
  { id: "h24-media", kind: "body", outcome: "built", attack: "<video poster src autoplay>, <source>, <track>, <audio autoplay>, <canvas>", holds: "no media element", present: ["After the media H24."], absent: [/<(video|audio|track|canvas)\b/i, /poster=/i] },
  { id: "h25-background-attribute", kind: "body", outcome: "built", attack: "legacy background, lowsrc and dynsrc attributes", holds: "no such attribute; the table and text stay", present: ["Cell H25", "Div H25"], absent: [/background=|lowsrc|dynsrc/i] },
  { id: "h26-md-link-protocols", kind: "body", outcome: "built", message: LINK_REMOVED, attack: "Markdown links to javascript: and file:, a javascript: autolink, a file: reference definition", holds: "only the https link keeps its href", present: ['href="https://example.org/ok"'], absent: [/file:/i] },
  { id: "h27-img-file-url", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "images at file:///etc/passwd (Markdown and HTML)", holds: "removed with located warnings; nothing local is read", absent: [/file:/i, "root:"] },
  { id: "h28-img-path-traversal", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "images climbing with ../, an absolute path, a project file", holds: "every non-embedded image removed with a warning", absent: ["etc/passwd", "templates/logo.svg"], present: ["H28"] },
  { id: "h29-img-protocol-relative", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "protocol-relative images //host/…", holds: "removed with located warnings", present: ["protocol relative H29"] },
  { id: "h30-data-image-allowed", kind: "body", outcome: "built", attack: "none: a positive control, an embedded PNG", holds: "an image embedded as data:image/png is kept", present: [/<img src="data:image\/png;base64,iVBOR[^"]*" alt="Embedded dot H30">/] },
  { id: "h31-data-images-refused", kind: "body", outcome: "built", message: IMAGE_REMOVED, attack: "data: images that are SVG (with a script and a remote image inside) or HTML", holds: "only raster data: images are kept: these are removed", absent: [/data:image\/svg/i, /data:text/i], present: ["svg data H31"] },
  { id: "h32-noscript-template", kind: "body", outcome: "built", attack: "<noscript> and <template> hiding images and scripts", holds: "both removed with their content", present: ["After noscript H32."], absent: [/<noscript|<template/i] },
  { id: "h33-mathml", kind: "body", outcome: "built", attack: "MathML with javascript: links, maction, mglyph src", holds: "no MathML", present: ["After MathML H33."], absent: [/<math|maction|mglyph/i] },
  { id: "h34-markup-breakout", kind: "body", outcome: "built", attack: "closing the template's elements early, a second <main>, a <style> hiding the body", holds: "the page keeps the template's structure: one main, one article, the memo body inside it", present: ["Still inside the body H34.", "Fake title H34"] },
  { id: "h35-id-class-clobbering", kind: "body", outcome: "built", attack: "ids and names that clobber the template's (main, memo-title), class names that restyle (marking), hidden", holds: "ids are prefixed user-content-, no class or hidden attribute from the brief", present: ["Hidden text H35", 'id="user-content-main"'], absent: [/ hidden/, /class="marking letterhead"/] },
  { id: "h36-raw-text-elements", kind: "body", outcome: "built", attack: "<textarea>, <xmp>, <noembed>, <title> whose raw text holds markup", holds: "the elements and their raw text are removed", present: ["After raw text H36."], absent: [/<(textarea|xmp|noembed)/i] },
  { id: "h37-comments-cdata", kind: "body", outcome: "built", attack: "IE conditional comments, CDATA, a comment hiding text", holds: "no comment reaches the HTML", present: ["After comments H37."], absent: ["SECRET-COMMENT-H37", "<!--", "[endif]"] },
  { id: "h38-ping-area-map", kind: "body", outcome: "built", attack: "<a ping>, image maps with javascript: and remote <area>", holds: "no ping, map or area", present: ["ping link H38"], absent: [/ping=|<map|<area|usemap/i] },
  { id: "h39-entity-smuggling", kind: "body", outcome: "built", attack: "markup written as character references or backslash escapes", holds: "it stays text (escaped), never markup", present: ["&#x3C;script>alert(1)&#x3C;/script>", "H39"] },
  { id: "h40-link-title-and-alt", kind: "body", outcome: "built", attack: "markup inside a link title and an image's alt and title", holds: "escaped inside the attribute values", present: [/title="<img src=http:\/\/127\.0\.0\.1:\d+\/h40-link-title-and-alt\/title\.png onerror=alert\(1\)>"/, 'title="&#x22;><script>alert(1)</script>"', "H40"] },
  { id: "h41-fragment-malformed", kind: "body", outcome: "built", attack: "a link fragment with a malformed %-escape (crashed the endnote-link plugin)", holds: "the edition is built; the fragment is kept (percent-encoded)", present: ['href="#%E0%A4%25A"', "H41"] },
  { id: "h42-links-never-fetched", kind: "body", outcome: "built", attack: "links at the server: an autolink, a bare URL, a Markdown link", holds: "links stay links (a reader may follow them) but printing never fetches them", present: [/href="http:\/\/127\.0\.0\.1:\d+\/h42-links-never-fetched\/link"/] },
  { id: "h43-front-matter-handlebars", kind: "front-matter", outcome: "built", attack: "Handlebars in front matter text: {{brand.name}}, {{{body}}}, partials, each, lookup constructor, __proto__", holds: "printed literally, never evaluated", present: ["{{brand.name}} {{{body}}} {{&gt; letterhead}} H43", "{{constructor.constructor &#x27;return process&#x27;}}"] },
  { id: "h44-front-matter-html", kind: "front-matter", outcome: "built", attack: "HTML and attribute breakouts in title, subtitle, authors, bluf and keywords", holds: "escaped everywhere the template prints them", present: [/<h1[^>]*>&lt;img src&#x3D;http:\/\/127\.0\.0\.1:\d+\/h44-front-matter-html\/title\.png onerror&#x3D;alert\(1\)&gt; H44<\/h1>/, "&lt;/title&gt;&lt;script&gt;", "&lt;b onmouseover&#x3D;alert(1)&gt;Mallory&lt;/b&gt;"] },
  { id: "h45-short-title-css", kind: "front-matter", outcome: "built", attack: "a short title (printed in the CSS of the page margins) that closes the string, the rule and </style>", holds: "CSS-escaped: the style element is not closed early, nothing is imported", present: ["\\3c /style\\3e \\3c script\\3e alert(1)"], absent: ["</style><script>"] },
  { id: "h46-source-url-javascript", kind: "front-matter", outcome: "refused", message: /Invalid `source\.url`/, attack: "a javascript: source URL (printed as a link in the end matter)", holds: "refused at its line: only http(s) URLs" },
  { id: "h47-yaml-custom-tag", kind: "front-matter", outcome: "refused", message: /^YAML: Unresolved tag: tag:yaml\.org,2002:js\/function/, attack: "a custom YAML tag (!!js/function)", holds: "refused at its line; the core schema knows no code" },
  { id: "h48-yaml-billion-laughs", kind: "front-matter", outcome: "refused", message: /^YAML: Excessive alias count/, attack: "an alias bomb (billion laughs) in front matter", holds: "refused without expanding it" },
  { id: "h49-yaml-proto-keys", kind: "front-matter", outcome: "refused", message: /^Unknown key `(__proto__|constructor)` in front matter/, attack: "__proto__ and constructor.prototype keys", holds: "refused as unknown keys; Object.prototype is not polluted" },
  { id: "h50-directive-event-attribute", kind: "body", outcome: "refused", message: /^Unknown attribute `onclick` on an audience block/, attack: "an event handler on an audience directive", holds: "a located error" },
  { id: "h51-directive-html-in-ids", kind: "body", outcome: "refused", message: /^Unknown audience `<img`/, attack: "markup as an audience id in a directive", holds: "a located error (ids are [a-z0-9-])" },
  { id: "h52-deep-blockquote", kind: "body", outcome: "refused", message: /is nested \d+ levels deep/, attack: "block quotes nested 40 deep (100 000 overflowed the stack)", holds: "refused before parsing, at its line" },
  { id: "h53-deep-html", kind: "body", outcome: "refused", message: /opens an HTML element inside 64 others/, attack: "raw HTML nested 70 deep (20 000 overflowed the HTML parser's stack)", holds: "refused before parsing, at its line" },
  { id: "h54-deep-list", kind: "body", outcome: "refused", message: /is nested \d+ levels deep/, attack: "a list nested 40 deep (2 000 took minutes)", holds: "refused before parsing, at its line" },
  { id: "h55-huge-table", kind: "body", outcome: "refused", message: /has about 40 columns; at most 32/, attack: "a table 40 columns wide (and, in the bomb test, 200 × 1 000)", holds: "refused before parsing, at its line" },
  { id: "h56-emphasis-bomb", kind: "body", outcome: "refused", message: /a run of more than 100 `\*`, `_` or `~`/, attack: "a run of emphasis delimiters (50 000 took minutes)", holds: "refused before parsing, at its line" },
  { id: "h57-directive-bomb", kind: "body", outcome: "refused", message: /opens a `:::` block inside 8 others/, attack: "audience blocks nested 10 deep (2 000 took minutes)", holds: "refused before parsing, at its line" },
  { id: "h58-audience-id-traversal", kind: "front-matter", outcome: "refused", message: /Invalid `audiences\.0`/, attack: "a path as an audience id in front matter", holds: "refused at its line (ids are [a-z0-9-])" },
  { id: "h59-oversize", kind: "own", outcome: "refused", attack: "a 600 KB brief", holds: "refused with a message naming the file and the 512 KB limit, before it is parsed" },
  { id: "h60-symlink-brief", kind: "own", outcome: "refused", attack: "briefs/<slug>.md as a link to /etc/passwd", holds: "refused as a link that leads outside the project; nothing of the target is read or printed" },
  { id: "h61-dev-zero-link", kind: "own", outcome: "refused", attack: "briefs/<slug>.md as a link to /dev/zero (an endless read)", holds: "refused at once; the build does not hang or fill memory" },
  { id: "h62-cli-traversal", kind: "own", outcome: "refused", attack: "--brief and --audience with ../ climbs", holds: "refused as unknown brief or audience; no file outside briefs/ or templates/ is read" },
  { id: "h63-template-remote-request", kind: "own", outcome: "built", attack: "a template (trusted, but mistakes happen) with a remote img, link, CSS url(), iframe, meta refresh and a file: image", holds: "Chromium blocks every request; each is a warning naming the edition and brief; the server gets nothing" },
  { id: "h64-template-proto-lookup", kind: "own", outcome: "built", attack: "a template reading constructor, __proto__ and __defineGetter__ with lookup and with", holds: "prototype properties resolve to nothing" },
  { id: "h65-template-proto-path", kind: "own", outcome: "refused", attack: "a template reading brief.title.constructor.constructor.name", holds: "refused (prototype access is off), naming the template" },
  { id: "h66-template-triple-stash", kind: "own", outcome: "refused", attack: "a template printing brief text with triple braces", holds: "refused with the template's name and line: only the body is unescaped" },
  { id: "h67-template-symlink-partial", kind: "own", outcome: "refused", attack: "a partial that is a link to /etc/passwd", holds: "refused as a link that leads outside the project; the target is never printed" },
  { id: "h68-brand-logo-traversal", kind: "own", outcome: "refused", attack: "a brand logo path climbing to /etc/passwd", holds: "a located error in brand.yml" },
  { id: "h69-brand-font-specifier", kind: "own", outcome: "refused", attack: "a font 'package file' @fontsource/../../../etc/passwd (resolved to /etc/passwd before the fix)", holds: "a located error in brand.yml; nothing is embedded" },
  { id: "h70-brand-logo-symlink", kind: "own", outcome: "refused", attack: "templates/logo.svg as a link to /etc/passwd", holds: "a located error in brand.yml: the link leads outside" },
  { id: "h71-pixel-bomb", kind: "body", outcome: "built", message: /^Embedded image removed: it is 6000 × 6000 pixels; at most 25 megapixels/, attack: "a decompression bomb: a 35 KB PNG that decodes to 36 megapixels (15 000 × 15 000 took the printer 7 s and ~1 GB)", holds: "removed before printing with a located warning; its alt text stays", present: ["Pixel bomb H71"], absent: ['alt="Pixel bomb H71"'] },
  { id: "h72-slug-invalid", kind: "own", outcome: "refused", attack: "a brief file name that is not a slug (spaces, capitals)", holds: "an error on that file; the other briefs are built" },
  { id: "h73-template-oversize", kind: "own", outcome: "refused", attack: "a layout over the 256 KB template limit", holds: "refused with the template's name and the limit" },
  { id: "h74-audience-folder-id", kind: "own", outcome: "refused", attack: "an audience folder whose name is not an id (capitals, dots)", holds: "an error on its audience.yml; the other audiences are built" },
  { id: "h75-audience-extends-path", kind: "own", outcome: "refused", attack: "`extends: ../us` (a path, not an id)", holds: "a located error at the extends line" },
  { id: "h76-terminal-key", kind: "own", outcome: "refused", attack: "ESC/OSC sequences (clear screen, window title, BEL) in a front matter key, printed in the unknown-key message of build and check", holds: "the message shows them escaped (\\u001b); the terminal gets no control character but the tool's own colours" },
  { id: "h77-terminal-title", kind: "own", outcome: "built", attack: "a title with a screen clear, an OSC 8 hyperlink, concealed text, a C1 CSI and a right-to-left override, printed by diff", holds: "diff prints them escaped; nothing reaches the terminal raw" },
  { id: "h78-terminal-file-name", kind: "own", outcome: "refused", attack: "a brief file name with an OSC title sequence and a screen clear (shown in the file header and the summary table)", holds: "the name is escaped in every message and table row; the other briefs are built" },
  { id: "h79-template-unescaped-tilde", kind: "own", outcome: "refused", attack: "unescaped output with whitespace control, `{{~{brief.title}}}` and `{{~&brief.title}}`, past the regex that looked for `{{{` and `{{&`", holds: "refused from the parsed template (every unescaped mustache), naming the template and line" },
  { id: "h80-template-refresh-entity", kind: "own", outcome: "built", attack: "a template's meta refresh written `&#82;efresh`, and one with a `>` inside another attribute's quotes (past the refresh filter: the PDF came out blank)", holds: "found by parsing the HTML (entities decoded) and dropped before printing: the PDF has the memo's text" },
  { id: "h81-brand-css-palette", kind: "own", outcome: "refused", attack: "a palette name `x:red}</style><script>…`, written into the memo's CSS as a custom property", holds: "a located error at the key in brand.yml; no memo, nothing in out/" },
  { id: "h82-brand-css-family", kind: "own", outcome: "refused", attack: "a font family `Evil</style><script>…`, written into @font-face as a JSON string (`<` unescaped)", holds: "a located error at the family in brand.yml; no memo" },
  { id: "h83-brand-font-package-link", kind: "own", outcome: "refused", attack: "node_modules/@fontsource/<pkg> as a link to /etc (and a file of a real package linked to /etc/passwd): the font path resolved to /etc/passwd, copied to out/assets/fonts/", holds: "a located error: the real path must stay inside the package, inside node_modules" },
  { id: "h84-brand-font-oversize", kind: "own", outcome: "refused", attack: "a 5 MB font file (LIMITS.asset, 4 MB, was never applied: a 300 MB one took 3.7 GB of memory)", holds: "a located error naming the size and the limit; nothing read" },
  { id: "h85-brand-logo-fifo", kind: "own", outcome: "refused", attack: "templates/logo.svg as a FIFO (the build waited for a writer for ever)", holds: "a located error at once: only regular files are read" },
];
