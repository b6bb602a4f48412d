/* Structs: member access through values and pointers, nested structs, padding and alignment, struct
   assignment, passing and returning structs by value, arrays of structs, and a self-referential list. */
#include "check.h"

struct point {
  int x;
  int y;
};

struct rect {
  struct point min, max;
  char label[6];
};

struct padded {
  char c;
  double d;
  short s;
};

struct node {
  int value;
  struct node *next;
};

static struct point make_point(int x, int y) {
  struct point p;
  p.x = x;
  p.y = y;
  return p;
}

static struct point add(struct point a, struct point b) {
  return make_point(a.x + b.x, a.y + b.y);
}

static int area(const struct rect *r) {
  return (r->max.x - r->min.x) * (r->max.y - r->min.y);
}

static void move(struct rect *r, int dx) {
  r->min.x += dx;
  r->max.x += dx;
}

static struct rect grow(struct rect r) {
  r.max.x *= 2;
  r.max.y *= 2;
  return r;
}

int main(void) {
  struct point p = {1, 2};
  ASSERT(1, p.x);
  ASSERT(2, p.y);
  p.x = 10;
  struct point q = p;
  q.y = 20;
  ASSERT(2, p.y);
  ASSERT(10, q.x);
  struct point r = add(p, q);
  ASSERT(20, r.x);
  ASSERT(22, r.y);
  ASSERT(33, add(make_point(1, 2), make_point(30, 40)).x + add(p, p).y - 2);
  struct rect box = {{0, 0}, {4, 3}, "box"};
  ASSERT(12, area(&box));
  move(&box, 5);
  ASSERT(5, box.min.x);
  ASSERT(9, box.max.x);
  struct rect big = grow(box);
  ASSERT(18, big.max.x);
  ASSERT(9, box.max.x);
  ASSERT_STRING("box", big.label);
  ASSERT(8, sizeof(struct point));
  ASSERT(24, sizeof(struct padded));
  ASSERT(24, sizeof(struct rect));
  struct point *pp = &p;
  pp->y = 7;
  ASSERT(7, p.y);
  ASSERT(7, (*pp).y);
  struct point pts[3] = {{1, 1}, {2, 4}, {3, 9}};
  int sum = 0;
  for (int i = 0; i < 3; i++) sum += pts[i].y;
  ASSERT(14, sum);
  struct point *it = pts;
  it++;
  ASSERT(4, it->y);
  ASSERT(2, (it + 1)->x - 1);
  struct node n3 = {3, NULL};
  struct node n2 = {2, &n3};
  struct node n1 = {1, &n2};
  int total = 0;
  for (struct node *n = &n1; n; n = n->next) total += n->value;
  ASSERT(6, total);
  ASSERT(3, n1.next->next->value);
  struct node *list = NULL;
  for (int i = 0; i < 5; i++) {
    struct node *fresh = malloc(sizeof *fresh);
    fresh->value = i;
    fresh->next = list;
    list = fresh;
  }
  ASSERT(4, list->value);
  total = 0;
  while (list) {
    struct node *next = list->next;
    total += list->value;
    free(list);
    list = next;
  }
  ASSERT(10, total);
  struct { int a; char b; } anon = {1, 'x'};
  ASSERT('x', anon.b);
  ASSERT(8, sizeof anon);
  printf("r=(%d,%d) box=[%d,%d]-[%d,%d] %s\n", r.x, r.y, box.min.x, box.min.y, box.max.x, box.max.y, box.label);
  printf("OK\n");
  return 0;
}
