/**
 * Kubernetes name syntax used by scheduler args validation
 * (`staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`).
 */

// IsQualifiedName: the name part, at most 63 characters.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
// IsDNS1123Subdomain: lowercase labels joined by dots, at most 253 characters.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// IsValidLabelValue: empty, or a qualified-name part of at most 63 characters.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** `IsQualifiedName` (= `ValidateLabelName`): `[prefix/]name`. Returns an error text or "". */
export function qualifiedNameError(value: string): string {
  const slash = value.split("/");
  if (slash.length > 2) return "a qualified name must have at most one '/'";
  const name = slash[slash.length - 1]!;
  if (slash.length === 2) {
    const prefix = slash[0]!;
    if (prefix.length === 0) return "the prefix before '/' must be non-empty";
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return "the prefix must be a DNS-1123 subdomain";
  }
  if (name.length === 0) return "the name part must be non-empty";
  if (name.length > 63) return "the name part must be at most 63 characters";
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "the name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return "";
}

/** `IsValidLabelValue`. Returns an error text or "". */
export function labelValueError(value: string): string {
  if (value.length > 63) return "a label value must be at most 63 characters";
  if (!LABEL_VALUE.test(value)) return "a label value must be empty or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  return "";
}
