/**
 * kubesim's exit codes. `1` means "the answer is no" (an SLO failed, no sweep point passed),
 * `2` means the input or the usage is wrong and nothing was written, `3` is a kubesim bug.
 * Same shape as `kubectl diff` (0/1/>1) and k6's split of threshold failures from engine errors.
 */
export const EXIT_OK = 0;
export const EXIT_SLO_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL_ERROR = 3;
/** 128 + SIGINT, the shell convention. */
export const EXIT_INTERRUPTED = 130;
