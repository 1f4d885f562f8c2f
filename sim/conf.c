/* conf.c: YAML (libyaml) to cnode trees, checked access, merging. */
#include "conf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void cn_error(errlist_t *e, const cnode *n, const char *fmt, ...)
{
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    errlist_add(e, n->file, n->line, n->col, "%s", buf);
}

static cnode *node_new(cn_type t, const char *file, int line, int col)
{
    cnode *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = t;
    n->file = xstrdup(file);
    n->line = line;
    n->col = col;
    if (!n->file) { free(n); return NULL; }
    return n;
}

void cn_free(cnode *n)
{
    if (!n) return;
    for (int i = 0; i < n->n; i++) {
        cn_free(n->kid[i]);
        if (n->key) free(n->key[i]);
    }
    free(n->kid);
    free(n->key);
    free(n->key_line);
    free(n->key_col);
    free(n->used);
    free(n->text);
    free(n->file);
    free(n);
}

/* Appends a child (and key, for maps). Returns -1 on out of memory. */
static int node_push(cnode *p, cnode *kid, const char *key, int kl, int kc)
{
    int n = p->n + 1;
    cnode **k = realloc(p->kid, (size_t)n * sizeof *k);
    if (!k) return -1;
    p->kid = k;
    if (p->type == CN_MAP) {
        char **ks = realloc(p->key, (size_t)n * sizeof *ks);
        if (ks) p->key = ks;
        int *l = realloc(p->key_line, (size_t)n * sizeof *l);
        if (l) p->key_line = l;
        int *c = realloc(p->key_col, (size_t)n * sizeof *c);
        if (c) p->key_col = c;
        unsigned char *u = realloc(p->used, (size_t)n);
        if (u) p->used = u;
        if (!ks || !l || !c || !u) return -1;
        p->key[p->n] = xstrdup(key);
        if (!p->key[p->n]) return -1;
        p->key_line[p->n] = kl;
        p->key_col[p->n] = kc;
        p->used[p->n] = 0;
    }
    p->kid[p->n] = kid;
    p->n = n;
    return 0;
}

static cnode *from_yaml(yaml_document_t *doc, yaml_node_t *y, const char *file,
                        errlist_t *e, int depth)
{
    int line = (int)y->start_mark.line + 1, col = (int)y->start_mark.column + 1;
    if (depth > 64) {
        errlist_add(e, file, line, col, "nesting too deep (expected at most 64 levels; recursive alias?)");
        return NULL;
    }
    cnode *n = NULL;
    switch (y->type) {
    case YAML_SCALAR_NODE:
        n = node_new(CN_SCALAR, file, line, col);
        if (!n) return NULL;
        n->text = xstrdup((const char *)y->data.scalar.value);
        n->quoted = y->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    y->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        if (!n->text) { cn_free(n); return NULL; }
        return n;
    case YAML_SEQUENCE_NODE:
        n = node_new(CN_SEQ, file, line, col);
        if (!n) return NULL;
        for (yaml_node_item_t *it = y->data.sequence.items.start; it < y->data.sequence.items.top; it++) {
            cnode *k = from_yaml(doc, yaml_document_get_node(doc, *it), file, e, depth + 1);
            if (!k || node_push(n, k, NULL, 0, 0)) { cn_free(k); cn_free(n); return NULL; }
        }
        return n;
    case YAML_MAPPING_NODE:
        n = node_new(CN_MAP, file, line, col);
        if (!n) return NULL;
        for (yaml_node_pair_t *p = y->data.mapping.pairs.start; p < y->data.mapping.pairs.top; p++) {
            yaml_node_t *yk = yaml_document_get_node(doc, p->key);
            int kl = (int)yk->start_mark.line + 1, kc = (int)yk->start_mark.column + 1;
            if (yk->type != YAML_SCALAR_NODE) {
                errlist_add(e, file, kl, kc, "a key must be a plain word (expected a scalar key)");
                cn_free(n);
                return NULL;
            }
            const char *ks = (const char *)yk->data.scalar.value;
            for (int i = 0; i < n->n; i++)
                if (!strcmp(n->key[i], ks)) {
                    errlist_add(e, file, kl, kc, "duplicate key '%s' (first given on line %d)", ks, n->key_line[i]);
                    cn_free(n);
                    return NULL;
                }
            cnode *k = from_yaml(doc, yaml_document_get_node(doc, p->value), file, e, depth + 1);
            if (!k || node_push(n, k, ks, kl, kc)) { cn_free(k); cn_free(n); return NULL; }
        }
        return n;
    default:
        errlist_add(e, file, line, col, "empty node (expected a value)");
        return NULL;
    }
}

cnode *cn_load(const char *path, errlist_t *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        errlist_add(e, path, 0, 0, "cannot open scenario: %s", strerror(errno));
        return NULL;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    cnode *root = NULL;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        errlist_add(e, path, 0, 0, "out of memory starting the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        const yaml_mark_t *m = &parser.problem_mark;
        char ctx[160] = "";
        if (parser.context)
            snprintf(ctx, sizeof ctx, " %s that started at line %d column %d", parser.context,
                     (int)parser.context_mark.line + 1, (int)parser.context_mark.column + 1);
        errlist_add(e, path, (int)m->line + 1, (int)m->column + 1,
                    "not valid YAML: %s%s (expected a YAML mapping of scenario keys)",
                    parser.problem ? parser.problem : "parse error", ctx);
    } else {
        yaml_node_t *y = yaml_document_get_root_node(&doc);
        if (!y)
            errlist_add(e, path, 1, 1, "the file is empty (expected a YAML mapping of scenario keys)");
        else {
            root = from_yaml(&doc, y, path, e, 0);
            if (root && root->type != CN_MAP) {
                cn_error(e, root, "the scenario is not a mapping (expected 'key: value' lines at the top level)");
                cn_free(root);
                root = NULL;
            } else if (!root && e->count == 0)
                errlist_add(e, path, 0, 0, "out of memory reading the scenario");
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    return root;
}

cnode *cn_copy(const cnode *n)
{
    cnode *c = node_new(n->type, n->file, n->line, n->col);
    if (!c) return NULL;
    c->quoted = n->quoted;
    if (n->text && !(c->text = xstrdup(n->text))) { cn_free(c); return NULL; }
    for (int i = 0; i < n->n; i++) {
        cnode *k = cn_copy(n->kid[i]);
        if (!k || node_push(c, k, n->key ? n->key[i] : NULL,
                            n->key_line ? n->key_line[i] : 0, n->key_col ? n->key_col[i] : 0)) {
            cn_free(k);
            cn_free(c);
            return NULL;
        }
    }
    return c;
}

static int find_key(const cnode *map, const char *key)
{
    for (int i = 0; i < map->n; i++)
        if (!strcmp(map->key[i], key)) return i;
    return -1;
}

int cn_merge(cnode *base, const cnode *over)
{
    for (int i = 0; i < over->n; i++) {
        int j = find_key(base, over->key[i]);
        const cnode *o = over->kid[i];
        if (j >= 0 && base->kid[j]->type == CN_MAP && o->type == CN_MAP) {
            if (cn_merge(base->kid[j], o)) return -1;
            continue;
        }
        cnode *c = cn_copy(o);
        if (!c) return -1;
        if (j >= 0) {
            cn_free(base->kid[j]);
            base->kid[j] = c;
            base->key_line[j] = over->key_line[i];
            base->key_col[j] = over->key_col[i];
        } else if (node_push(base, c, over->key[i], over->key_line[i], over->key_col[i])) {
            cn_free(c);
            return -1;
        }
    }
    return 0;
}

void cn_remove(cnode *map, const char *key)
{
    int j = find_key(map, key);
    if (j < 0) return;
    cn_free(map->kid[j]);
    free(map->key[j]);
    for (int i = j + 1; i < map->n; i++) {
        map->kid[i - 1] = map->kid[i];
        map->key[i - 1] = map->key[i];
        map->key_line[i - 1] = map->key_line[i];
        map->key_col[i - 1] = map->key_col[i];
        map->used[i - 1] = map->used[i];
    }
    map->n--;
}

static const char *type_name(cn_type t)
{
    return t == CN_MAP ? "a mapping" : t == CN_SEQ ? "a list" : "a single value";
}

int cn_is_map(errlist_t *e, cnode *n, const char *what)
{
    if (n->type == CN_MAP) return 1;
    cn_error(e, n, "found %s (expected %s as a mapping of keys)", type_name(n->type), what);
    return 0;
}

int cn_is_seq(errlist_t *e, cnode *n, const char *what)
{
    if (n->type == CN_SEQ) return 1;
    cn_error(e, n, "found %s (expected %s as a list)", type_name(n->type), what);
    return 0;
}

cnode *cn_get(errlist_t *e, cnode *map, const char *key, int required, const char *expect)
{
    if (map->nasked < (int)(sizeof map->asked / sizeof map->asked[0])) {
        int seen = 0;
        for (int i = 0; i < map->nasked; i++) seen |= !strcmp(map->asked[i], key);
        if (!seen) map->asked[map->nasked++] = key;
    }
    int j = find_key(map, key);
    if (j >= 0) {
        map->used[j] = 1;
        return map->kid[j];
    }
    if (required) cn_error(e, map, "missing key '%s' (expected %s)", key, expect);
    return NULL;
}

static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 63 || lb > 63) return 99;
    int d[64][64];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

int cn_finish_map(errlist_t *e, cnode *map)
{
    int bad = 0;
    for (int i = 0; i < map->n; i++) {
        if (map->used[i]) continue;
        bad++;
        const char *best = NULL;
        int bd = 99;
        char list[600] = "";
        for (int k = 0; k < map->nasked; k++) {
            int d = edit_distance(map->key[i], map->asked[k]);
            if (d < bd) { bd = d; best = map->asked[k]; }
            if (strlen(list) + strlen(map->asked[k]) + 3 < sizeof list) {
                if (k) strcat(list, ", ");
                strcat(list, map->asked[k]);
            }
        }
        int lim = (int)strlen(map->key[i]) / 3 + 1;
        if (best && bd <= (lim < 3 ? lim : 3))
            errlist_add(e, map->file, map->key_line[i], map->key_col[i],
                        "unknown key '%s' (did you mean '%s'?)", map->key[i], best);
        else
            errlist_add(e, map->file, map->key_line[i], map->key_col[i],
                        "unknown key '%s' (expected one of: %s)", map->key[i], list);
    }
    return bad;
}

int cn_str(errlist_t *e, cnode *n, const char **out)
{
    if (n->type != CN_SCALAR) {
        cn_error(e, n, "found %s (expected a single value)", type_name(n->type));
        return -1;
    }
    *out = n->text;
    return 0;
}

int cn_num(errlist_t *e, cnode *n, double lo, double hi, const char *expect, double *out)
{
    if (n->type != CN_SCALAR || n->quoted) {
        cn_error(e, n, "found %s (expected %s)", n->type != CN_SCALAR ? type_name(n->type) : "a quoted string", expect);
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(n->text, &end);
    /* Allow thousands written with underscores? No: YAML 1.1 did, 1.2 does not. */
    if (end == n->text || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        cn_error(e, n, "'%s' is not a number (expected %s)", n->text, expect);
        return -1;
    }
    if (v < lo || v > hi) {
        cn_error(e, n, "%s is out of range (expected %s)", n->text, expect);
        return -1;
    }
    *out = v;
    return 0;
}

int cn_int(errlist_t *e, cnode *n, long lo, long hi, const char *expect, long *out)
{
    if (n->type != CN_SCALAR || n->quoted) {
        cn_error(e, n, "found %s (expected %s)", n->type != CN_SCALAR ? type_name(n->type) : "a quoted string", expect);
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(n->text, &end, 10);
    if (end == n->text || *end != '\0' || errno == ERANGE) {
        cn_error(e, n, "'%s' is not a whole number (expected %s)", n->text, expect);
        return -1;
    }
    if (v < lo || v > hi) {
        cn_error(e, n, "%s is out of range (expected %s)", n->text, expect);
        return -1;
    }
    *out = v;
    return 0;
}

int cn_month(errlist_t *e, cnode *n, int *out)
{
    int y, m;
    char tail;
    if (n->type != CN_SCALAR || sscanf(n->text, "%4d-%2d%c", &y, &m, &tail) != 2 ||
        strlen(n->text) != 7) {
        cn_error(e, n, "'%s' is not a month (expected YYYY-MM, e.g. 2025-06)",
                 n->type == CN_SCALAR ? n->text : "?");
        return -1;
    }
    if (y < 1900 || y > 2200 || m < 1 || m > 12) {
        cn_error(e, n, "month %s is out of range (expected YYYY-MM with 1900 <= YYYY <= 2200 and 01 <= MM <= 12)", n->text);
        return -1;
    }
    *out = y * 12 + (m - 1);
    return 0;
}

int cn_get_num(errlist_t *e, cnode *map, const char *key, int required,
               double lo, double hi, const char *expect, double *out)
{
    cnode *n = cn_get(e, map, key, required, expect);
    if (!n) return required ? -1 : 0;
    return cn_num(e, n, lo, hi, expect, out) ? -1 : 1;
}

int cn_get_int(errlist_t *e, cnode *map, const char *key, int required,
               long lo, long hi, const char *expect, long *out)
{
    cnode *n = cn_get(e, map, key, required, expect);
    if (!n) return required ? -1 : 0;
    return cn_int(e, n, lo, hi, expect, out) ? -1 : 1;
}
