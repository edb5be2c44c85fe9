// Reading audit lines in WebAssembly: the fast path's scan (event-fields.ts scanEvent) for many lines at once.
// For each line it checks the whole JSON grammar, finds the fields APISnoop keeps and writes where they are into a
// record; short values that repeat (verbs, stages, user agents, groups, resources...) are found again in an intern
// table, so JS decodes each of them once. audit-lines.ts builds the events from the records.
//
// The contract is scanEvent's, one step further back: a record marked OK gives exactly the event scanEvent gives;
// anything unusual (a field of another type, a key written with escapes or given twice, more groups than a record
// holds, a code that is not a plain integer, no verb or requestURI, a stage none of the four) is marked FALLBACK and
// the line goes the JS way, where scanEvent or the reference path decides. So this file only needs to be right about
// the common shape, and say so when unsure.
//
// Built by scripts/make-wasm.ts (clang --target=wasm32, SIMD); a test checks the committed module is this file's.
#include <wasm_simd128.h>

typedef unsigned char u8;
typedef int i32;
typedef unsigned int u32;

// Field numbers in a record (audit-lines.ts has the same list).
enum { F_ID, F_STAGE, F_VERB, F_URI, F_UA, F_RECEIVED, F_TS, F_USER, F_IMP_USER, F_RES, F_SUB, F_NS, F_NAME, F_GROUP, F_VERSION, F_DEPRECATED, F_REMOVED, F_DECISION, NF };
#define MAX_GROUPS 6
// A record, in i32s: [0] status, [1] line start, [2] line end, [3] user present, [4] impersonatedUser present,
// [5] objectRef present, [6] code present, [7] code, [8] user groups (-1: none), [9] impersonated groups (-1: none),
// then each field as (start, end, flags, slot), then the user's groups and the impersonated user's, as fields.
#define R_FIELDS 10
#define R_GROUPS (R_FIELDS + NF * 4)
#define R_IMP_GROUPS (R_GROUPS + MAX_GROUPS * 4)
#define RECORD (R_IMP_GROUPS + MAX_GROUPS * 4)
// Field flags: present, and holds an escape (JS decodes it with JSON.parse).
#define PRESENT 1
#define ESCAPED 2
enum { OK = 0, FALLBACK = 1 };

static u8 HEX[256];
static int escaped; // set by str(): the string just scanned holds an escape

// ---- The intern table: direct-mapped, values up to INTERN_MAX bytes. A field's slot is k + 1 when its bytes are
// in slot k (JS has the string), -(k + 1) when they were just put there (JS decodes and keeps it), 0 when not
// interned. JS learns a slot's string only from a record it builds, reading the fields in its own order, so a slot
// used in a line (found or put) is not used again in that line, and the slots put in a line that falls back are
// emptied. ----
#define INTERN_SLOTS 8192
#define INTERN_MAX 64
static i32 internLen[INTERN_SLOTS];
static u32 internLine[INTERN_SLOTS];
static u8 internBytes[INTERN_SLOTS * INTERN_MAX];
static u32 lineCount;
static i32 putThisLine[64];
static int putCount;

__attribute__((export_name("init"))) void init(void) {
  for (int c = 0; c < 256; c++) HEX[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  for (int i = 0; i < INTERN_SLOTS; i++) internLen[i] = -1;
}

static int isWs(u8 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static const u8 *ws(const u8 *p, const u8 *e) {
  while (p < e && isWs(*p)) p++;
  return p;
}

// p at an opening quote: past the closing one, or 0 if the string is not valid JSON. 16 bytes at a time: the
// caller leaves 16 bytes after the input, and a line's newline (a control byte) stops the scan.
static const u8 *str(const u8 *p, const u8 *e) {
  escaped = 0;
  p++;
  for (;;) {
    for (;;) {
      v128_t v = wasm_v128_load(p);
      v128_t special = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('"')), wasm_i8x16_eq(v, wasm_i8x16_splat('\\'))),
                                    wasm_u8x16_lt(v, wasm_i8x16_splat(0x20)));
      u32 bits = wasm_i8x16_bitmask(special);
      if (bits) {
        p += __builtin_ctz(bits);
        break;
      }
      p += 16;
    }
    if (p >= e) return 0;
    u8 c = *p;
    if (c == '"') return p + 1;
    if (c < 0x20) return 0;
    escaped = 1;
    if (p + 1 >= e) return 0;
    u8 d = p[1];
    if (d == '"' || d == '\\' || d == '/' || d == 'b' || d == 'f' || d == 'n' || d == 'r' || d == 't') p += 2;
    else if (d == 'u' && p + 5 < e && HEX[p[2]] && HEX[p[3]] && HEX[p[4]] && HEX[p[5]]) p += 6;
    else return 0;
  }
}

static int digit(u8 c) { return c >= '0' && c <= '9'; }
static const u8 *num(const u8 *p, const u8 *e) {
  if (*p == '-' && ++p >= e) return 0;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') {
    p++;
    while (p < e && digit(*p)) p++;
  } else return 0;
  if (p < e && *p == '.') {
    if (++p >= e || !digit(*p)) return 0;
    while (p < e && digit(*p)) p++;
  }
  if (p < e && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < e && (*p == '+' || *p == '-')) p++;
    if (p >= e || !digit(*p)) return 0;
    while (p < e && digit(*p)) p++;
  }
  return p;
}
static const u8 *literal(const u8 *p, const u8 *e) {
  if (*p == 't') return p + 3 < e && p[1] == 'r' && p[2] == 'u' && p[3] == 'e' ? p + 4 : 0;
  if (*p == 'n') return p + 3 < e && p[1] == 'u' && p[2] == 'l' && p[3] == 'l' ? p + 4 : 0;
  if (*p == 'f') return p + 4 < e && p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e' ? p + 5 : 0;
  return 0;
}

// Step over one JSON value (p not at whitespace): past it, or 0. Deeper than the stack: 0 too, and the line falls
// back (JS takes any depth).
#define MAX_DEPTH 4096
static u8 stack[MAX_DEPTH];
static const u8 *skip(const u8 *p, const u8 *e) {
  if (p >= e) return 0;
  u8 c = *p;
  if (c == '"') return str(p, e);
  if (c != '{' && c != '[') return c == '-' || digit(c) ? num(p, e) : literal(p, e);
  int depth = 0;
  int inObject = c == '{';
  stack[0] = inObject;
  p = ws(p + 1, e);
  if (p < e && *p == (inObject ? '}' : ']')) return p + 1;
  for (;;) {
    if (p >= e) return 0;
    if (inObject) {
      if (*p != '"' || !(p = str(p, e))) return 0;
      p = ws(p, e);
      if (p >= e || *p != ':') return 0;
      p = ws(p + 1, e);
      if (p >= e) return 0;
    }
    c = *p;
    if (c == '"') {
      if (!(p = str(p, e))) return 0;
    } else if (c == '{' || c == '[') {
      if (++depth == MAX_DEPTH) return 0;
      inObject = c == '{';
      stack[depth] = inObject;
      p = ws(p + 1, e);
      if (p >= e || *p != (inObject ? '}' : ']')) continue;
      p++;
      inObject = stack[--depth];
    } else if (c == '-' || digit(c)) {
      if (!(p = num(p, e))) return 0;
    } else if (!(p = literal(p, e))) return 0;
    for (;;) {
      p = ws(p, e);
      if (p >= e) return 0;
      c = *p;
      if (c == ',') {
        p = ws(p + 1, e);
        break;
      }
      if (c != (inObject ? '}' : ']')) return 0;
      p++;
      if (depth == 0) return p;
      inObject = stack[--depth];
    }
  }
}

// ---- The line being read ----
static i32 *R;
static u32 seen; // the kept keys met so far in this line: one given twice falls back (JSON.parse keeps the last)

static int keyIs(const u8 *k, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (k[i] != (u8)s[i]) return 0;
  return s[n] == 0;
}

static void intern(i32 *x) {
  x[3] = 0;
  int len = x[1] - x[0];
  if ((x[2] & ESCAPED) || len > INTERN_MAX || putCount == 64) return;
  const u8 *b = (const u8 *)x[0];
  // Hashed four bytes a step and compared sixteen: byte by byte, the scan of a Metadata-level log (a dozen short
  // interned values an event) took a fifth longer.
  u32 h = 0x811c9dc5u ^ (u32)len;
  int i = 0;
  for (; i + 4 <= len; i += 4) {
    u32 w;
    __builtin_memcpy(&w, b + i, 4);
    h = (h ^ w) * 0x01000193u;
    h ^= h >> 15;
  }
  for (; i < len; i++) h = (h ^ b[i]) * 0x01000193u;
  int slot = (int)((h ^ (h >> 16)) & (INTERN_SLOTS - 1));
  if (internLine[slot] == lineCount) return;
  u8 *d = internBytes + slot * INTERN_MAX;
  if (internLen[slot] == len) {
    int k = 0;
    while (k + 16 <= len && wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(d + k), wasm_v128_load(b + k)))) k += 16;
    while (k < len && d[k] == b[k]) k++;
    if (k == len) {
      // Kept for this line too: JS may read this field after another that would have taken the slot.
      internLine[slot] = lineCount;
      x[3] = slot + 1;
      return;
    }
  }
  for (int k = 0; k < len; k++) d[k] = b[k];
  internLen[slot] = len;
  internLine[slot] = lineCount;
  putThisLine[putCount++] = slot;
  x[3] = -(slot + 1);
}

// A field once per line: bit f (fields), or 20+ for the objects themselves.
static int once(int bit) {
  if (seen & (1u << bit)) return 0;
  seen |= 1u << bit;
  return 1;
}

// p at a kept string value: record it (interned if asked). 0 when it is not a plain string.
static const u8 *field(const u8 *p, const u8 *e, int f, int internIt) {
  if (*p != '"' || !once(f)) return 0;
  const u8 *q = str(p, e);
  if (!q) return 0;
  i32 *x = R + R_FIELDS + f * 4;
  x[0] = (i32)(p + 1);
  x[1] = (i32)(q - 1);
  x[2] = PRESENT | (escaped ? ESCAPED : 0);
  x[3] = 0;
  if (internIt) intern(x);
  return q;
}

// At a member key (p past whitespace): the key's bytes and the value's start; 0 for a key with an escape (its name
// cannot be compared as bytes: JS's reference path decides) or bad grammar.
static const u8 *key(const u8 *p, const u8 *e, const u8 **k, int *n) {
  if (p >= e || *p != '"') return 0;
  const u8 *q = str(p, e);
  if (!q || escaped) return 0;
  *k = p + 1;
  *n = (int)(q - 1 - (p + 1));
  q = ws(q, e);
  if (q >= e || *q != ':') return 0;
  q = ws(q + 1, e);
  return q < e ? q : 0;
}

// After a member: past ',' (1) or '}' (2), else 0.
static int after(const u8 **pp, const u8 *e) {
  const u8 *p = ws(*pp, e);
  if (p >= e) return 0;
  if (*p == ',') {
    *pp = ws(p + 1, e);
    return 1;
  }
  if (*p == '}') {
    *pp = p + 1;
    return 2;
  }
  return 0;
}

// p at '{': past it (and whitespace); *closed when the object is empty.
static const u8 *open(const u8 *p, const u8 *e, int *closed) {
  p = ws(p + 1, e);
  *closed = p < e && *p == '}';
  return *closed ? p + 1 : p;
}

// user or impersonatedUser: an object of strings (username) and an array of strings (groups). An impersonated
// user's uid or extra (rare) falls back: JS reads them.
static const u8 *user(const u8 *p, const u8 *e, int name, int groups, int count, int present, int bit) {
  if (*p != '{' || !once(bit)) return 0;
  R[present] = 1;
  int closed;
  p = open(p, e, &closed);
  while (!closed) {
    const u8 *k;
    int n;
    if (!(p = key(p, e, &k, &n))) return 0;
    if (n == 8 && keyIs(k, n, "username")) {
      if (!(p = field(p, e, name, 1))) return 0;
    } else if (n == 6 && keyIs(k, n, "groups")) {
      if (*p != '[' || R[count] >= 0) return 0;
      int g = 0;
      p = ws(p + 1, e);
      if (p < e && *p == ']') p++;
      else
        for (;;) {
          if (p >= e || *p != '"' || g == MAX_GROUPS) return 0;
          const u8 *q = str(p, e);
          if (!q) return 0;
          i32 *x = R + groups + g * 4;
          x[0] = (i32)(p + 1);
          x[1] = (i32)(q - 1);
          x[2] = PRESENT | (escaped ? ESCAPED : 0);
          intern(x);
          g++;
          p = ws(q, e);
          if (p >= e) return 0;
          if (*p == ',') p = ws(p + 1, e);
          else if (*p == ']') {
            p++;
            break;
          } else return 0;
        }
      R[count] = g;
    } else if (name == F_IMP_USER && ((n == 3 && keyIs(k, n, "uid")) || (n == 5 && keyIs(k, n, "extra")))) return 0;
    else if (!(p = skip(p, e))) return 0;
    int a = after(&p, e);
    if (!a) return 0;
    closed = a == 2;
  }
  return p;
}

static const u8 *objectRef(const u8 *p, const u8 *e) {
  if (*p != '{' || !once(22)) return 0;
  R[5] = 1;
  int closed;
  p = open(p, e, &closed);
  while (!closed) {
    const u8 *k;
    int n;
    if (!(p = key(p, e, &k, &n))) return 0;
    if (n == 8 && keyIs(k, n, "resource")) p = field(p, e, F_RES, 1);
    else if (n == 11 && keyIs(k, n, "subresource")) p = field(p, e, F_SUB, 1);
    else if (n == 9 && keyIs(k, n, "namespace")) p = field(p, e, F_NS, 1);
    else if (n == 4 && keyIs(k, n, "name")) p = field(p, e, F_NAME, 0);
    else if (n == 8 && keyIs(k, n, "apiGroup")) p = field(p, e, F_GROUP, 1);
    else if (n == 10 && keyIs(k, n, "apiVersion")) p = field(p, e, F_VERSION, 1);
    else p = skip(p, e);
    if (!p) return 0;
    int a = after(&p, e);
    if (!a) return 0;
    closed = a == 2;
  }
  return p;
}

// responseStatus: its code, a plain integer of up to 9 digits (anything else falls back).
static const u8 *responseStatus(const u8 *p, const u8 *e) {
  if (*p != '{' || !once(23)) return 0;
  int closed;
  p = open(p, e, &closed);
  while (!closed) {
    const u8 *k;
    int n;
    if (!(p = key(p, e, &k, &n))) return 0;
    if (n == 4 && keyIs(k, n, "code")) {
      if (R[6]) return 0;
      const u8 *q = num(p, e);
      if (!q || q - p > 9) return 0;
      int v = 0;
      for (const u8 *t = p; t < q; t++) {
        if (!digit(*t)) return 0; // a sign, fraction or exponent: JS reads it
        v = v * 10 + (*t - '0');
      }
      R[6] = 1;
      R[7] = v;
      p = q;
    } else if (!(p = skip(p, e))) return 0;
    int a = after(&p, e);
    if (!a) return 0;
    closed = a == 2;
  }
  return p;
}

static const u8 *annotations(const u8 *p, const u8 *e) {
  if (*p != '{' || !once(24)) return 0;
  int closed;
  p = open(p, e, &closed);
  while (!closed) {
    const u8 *k;
    int n;
    if (!(p = key(p, e, &k, &n))) return 0;
    if (n == 17 && keyIs(k, n, "k8s.io/deprecated")) p = field(p, e, F_DEPRECATED, 0);
    else if (n == 22 && keyIs(k, n, "k8s.io/removed-release")) p = field(p, e, F_REMOVED, 0);
    else if (n == 29 && keyIs(k, n, "authorization.k8s.io/decision")) p = field(p, e, F_DECISION, 1);
    else p = skip(p, e);
    if (!p) return 0;
    int a = after(&p, e);
    if (!a) return 0;
    closed = a == 2;
  }
  return p;
}

static int isString(const u8 *p, const u8 *q, const char *s) {
  int n = (int)(q - p - 2);
  return !escaped && keyIs(p + 1, n, s);
}

// Whether a field holds one of the four stages, unescaped.
static int knownStage(const i32 *x) {
  if ((x[2] & (PRESENT | ESCAPED)) != PRESENT) return 0;
  const u8 *b = (const u8 *)x[0];
  int n = x[1] - x[0];
  return (n == 16 && keyIs(b, n, "ResponseComplete")) || (n == 15 && (keyIs(b, n, "RequestReceived") || keyIs(b, n, "ResponseStarted"))) ||
         (n == 5 && keyIs(b, n, "Panic"));
}

// Set by skipOther: whether a top-level key skipped is one a log record keeps its event's text in (a string: log,
// line, _raw, log_s, message, MESSAGE, @message) or a record within (properties), or one a search names a field picked
// from an event's object by (user.username). As event-fields.ts's isRecordKey.
static int recordField;

static int isRecordKey(const u8 *k, int n, u8 value) {
  for (int i = 0; i < n; i++)
    if (k[i] == '.') return 1;
  if (n == 10) return value == '{' && keyIs(k, n, "properties");
  if (value != '"') return 0;
  return (n == 3 && keyIs(k, n, "log")) || (n == 4 && (keyIs(k, n, "line") || keyIs(k, n, "_raw"))) || (n == 5 && keyIs(k, n, "log_s")) ||
         (n == 7 && (keyIs(k, n, "message") || keyIs(k, n, "MESSAGE"))) || (n == 8 && keyIs(k, n, "@message"));
}

// A top-level field line() does not read: skipped, noting whether it is a record's (recordField).
static const u8 *skipOther(const u8 *p, const u8 *e, const u8 *k, int n) {
  if (!recordField) recordField = isRecordKey(k, n, *p);
  return skip(p, e);
}

static int line(const u8 *p, const u8 *e) {
  for (int i = 3; i < 8; i++) R[i] = 0;
  R[8] = -1;
  R[9] = -1;
  for (int f = 0; f < NF; f++) R[R_FIELDS + f * 4 + 2] = 0;
  seen = 0;
  recordField = 0;
  p = ws(p, e);
  if (p >= e || *p != '{') return FALLBACK;
  int closed;
  p = open(p, e, &closed);
  while (!closed) {
    const u8 *k;
    int n;
    if (!(p = key(p, e, &k, &n))) return FALLBACK;
    u8 k0 = k[0];
    const u8 *q;
    switch (n) {
      case 4:
        if (k0 == 'v' && keyIs(k, n, "verb")) p = field(p, e, F_VERB, 1);
        else if (k0 == 'u' && keyIs(k, n, "user")) p = user(p, e, F_USER, R_GROUPS, 8, 3, 20);
        else if (k0 == 'k' && keyIs(k, n, "kind")) p = *p == '"' && (q = str(p, e)) && isString(p, q, "Event") ? q : 0;
        else p = skipOther(p, e, k, n);
        break;
      case 5:
        p = k0 == 's' && keyIs(k, n, "stage") ? field(p, e, F_STAGE, 1) : skipOther(p, e, k, n);
        break;
      case 7:
        p = k0 == 'a' && keyIs(k, n, "auditID") ? field(p, e, F_ID, 0) : skipOther(p, e, k, n);
        break;
      case 9:
        if (k0 == 'u' && keyIs(k, n, "userAgent")) p = field(p, e, F_UA, 1);
        else if (k0 == 'o' && keyIs(k, n, "objectRef")) p = objectRef(p, e);
        else if (k0 == 't' && keyIs(k, n, "timestamp")) p = field(p, e, F_TS, 0);
        else p = skipOther(p, e, k, n);
        break;
      case 10:
        if (k0 == 'r' && keyIs(k, n, "requestURI")) p = field(p, e, F_URI, 0);
        else if (k0 == 'a' && keyIs(k, n, "apiVersion")) {
          p = *p == '"' && (q = str(p, e)) &&
                      (isString(p, q, "audit.k8s.io/v1") || isString(p, q, "audit.k8s.io/v1beta1") || isString(p, q, "audit.k8s.io/v1alpha1"))
                  ? q
                  : 0;
        } else p = skipOther(p, e, k, n);
        break;
      case 11:
        p = k0 == 'a' && keyIs(k, n, "annotations") ? annotations(p, e) : skipOther(p, e, k, n);
        break;
      case 13:
        // A report's top-level field (report.json given to analyze): the JS way says what it is.
        if (k0 == 's' && keyIs(k, n, "schemaVersion")) return FALLBACK;
        p = skipOther(p, e, k, n);
        break;
      case 14:
        p = k0 == 'r' && keyIs(k, n, "responseStatus") ? responseStatus(p, e) : skipOther(p, e, k, n);
        break;
      case 16:
        p = k0 == 'i' && keyIs(k, n, "impersonatedUser") ? user(p, e, F_IMP_USER, R_IMP_GROUPS, 9, 4, 21) : skipOther(p, e, k, n);
        break;
      case 24:
        p = k0 == 'r' && keyIs(k, n, "requestReceivedTimestamp") ? field(p, e, F_RECEIVED, 0) : skipOther(p, e, k, n);
        break;
      default:
        p = skipOther(p, e, k, n);
    }
    if (!p) return FALLBACK;
    int a = after(&p, e);
    if (!a) return FALLBACK;
    closed = a == 2;
  }
  if (ws(p, e) != e) return FALLBACK;
  // What toAuditEvent refuses (no auditID or an empty one, neither verb nor requestURI): the JS way says how.
  i32 *id = R + R_FIELDS + F_ID * 4;
  if (!(id[2] & PRESENT) || id[1] == id[0]) return FALLBACK;
  // And what it reads but says (analyze warns at the first): no verb, no requestURI, a stage none of the four or none
  // (fields of another type fell back already).
  if (!(R[R_FIELDS + F_VERB * 4 + 2] & PRESENT) || !(R[R_FIELDS + F_URI * 4 + 2] & PRESENT)) return FALLBACK;
  if (!knownStage(R + R_FIELDS + F_STAGE * 4)) return FALLBACK;
  // No user object beside a record's field: perhaps fields picked from an event beside its text (Splunk's _json),
  // read from that text, or refused (log-envelope.ts eventTextsBeside, pickedFieldsProblem): the JS way decides.
  if (recordField && !R[3]) return FALLBACK;
  return OK;
}

// The lines of [start, end) (end just past a newline), at most max of them: a record each at out. Returns how
// many lines were read. The caller leaves 16 readable bytes after end.
__attribute__((export_name("scan"))) int scan(int start, int end, int out, int max) {
  const u8 *p = (const u8 *)start;
  const u8 *e = (const u8 *)end;
  int n = 0;
  while (p < e && n < max) {
    const u8 *nl = p;
    for (;;) {
      u32 bits = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(nl), wasm_i8x16_splat('\n')));
      if (bits) {
        nl += __builtin_ctz(bits);
        break;
      }
      nl += 16;
    }
    if (nl >= e) nl = e - 1; // the region's last newline
    R = (i32 *)out + n * RECORD;
    R[1] = (i32)p;
    R[2] = (i32)nl;
    lineCount++;
    putCount = 0;
    R[0] = line(p, nl);
    if (R[0] != OK)
      for (int i = 0; i < putCount; i++) internLen[putThisLine[i]] = -1;
    n++;
    p = nl + 1;
  }
  return n;
}

__attribute__((export_name("recordInts"))) int recordInts(void) { return RECORD; }

// No libc: what the compiler calls for loops it turns into copies.
void *memset(void *d, int c, unsigned long n) {
  u8 *p = d;
  while (n--) *p++ = (u8)c;
  return d;
}
void *memcpy(void *d, const void *s, unsigned long n) {
  u8 *p = d;
  const u8 *q = s;
  while (n--) *p++ = *q++;
  return d;
}
