import { expect, test } from "vitest";
import { escapeXml, slug } from "./escape.js";

test("the five characters with meaning in HTML and SVG text and attributes are escaped", () => {
  expect(escapeXml(`<script>alert("a&b")</script>'`)).toBe("&lt;script&gt;alert(&quot;a&amp;b&quot;)&lt;/script&gt;&#39;");
  expect(escapeXml("0/3 nodes are available: 3 Insufficient cpu.")).toBe("0/3 nodes are available: 3 Insufficient cpu.");
  // Already-escaped text is escaped again: the page shows exactly what the CSV holds.
  expect(escapeXml("&amp;")).toBe("&amp;amp;");
});

test("slugs are ids: letters, digits, '-' and '_', starting with a letter", () => {
  expect(slug("pod_startup_latency_ms")).toBe("pod_startup_latency_ms");
  expect(slug("Deployment/shop/web")).toBe("Deployment-shop-web");
  expect(slug("9 nodes")).toBe("x-9-nodes");
  expect(slug('"><b>')).toBe("b"); // '"><' and '>' become '-', trimmed at the ends
});
