import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Behaviour tests spawn the built CLI; keep the suite within a couple of minutes on 2 cores.
    testTimeout: 60_000,
    pool: "forks",
  },
});
