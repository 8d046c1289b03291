//! A layered left-to-right drawing of a directed graph (the skills map), in four documented steps
//! after Sugiyama, Tagawa and Toda (1981):
//!
//! 1. **Columns** by longest path: a node with no incoming edge sits in column 0, any other one
//!    column after its furthest-right predecessor, so a column is "what can be read after that
//!    many steps".
//! 2. **Waypoints**: an edge spanning several columns gets an invisible waypoint in each column
//!    it crosses, so it is routed between the boxes instead of through them.
//! 3. **Order within columns** by the barycentre heuristic: sweeps alternately left to right
//!    (each node moves to the mean position of its predecessors) and right to left (of its
//!    successors), keeping the order with the fewest edge crossings seen (counted exactly, by
//!    inversions). Ties keep the previous order and the first order is the input order, so the
//!    same graph always gives the same drawing.
//! 4. **Vertical positions**: in alternating passes, each column is placed as close as its boxes'
//!    sizes and gaps allow (least squares, solved exactly) to the mean height of each node's
//!    neighbours in the previous column, then in the next.
//!
//! Cost: O(sweeps × (V + E) log(V + E)) with V and E counting waypoints; the number of sweeps is
//! fixed, so nothing here can run away on a large book.

/// Box sizes and gaps, in SVG user units (CSS pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sizes {
    /// Width of a node's box.
    pub node_width: f64,
    /// Height of a node's box.
    pub node_height: f64,
    /// Horizontal space between columns.
    pub column_gap: f64,
    /// Vertical space between two boxes in a column (half of it next to a waypoint).
    pub row_gap: f64,
}

/// A node's place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// Column, from 0 at the left.
    pub column: usize,
    /// Rank within the column, from 0 at the top.
    pub row: usize,
    /// Left edge of the box.
    pub x: f64,
    /// Top edge of the box.
    pub y: f64,
}

/// An edge's route: from the middle of the right side of its first node's box, through its
/// waypoints, to the middle of the left side of its last node's box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Route {
    /// The node the edge starts at.
    pub from: usize,
    /// The node it ends at.
    pub to: usize,
    /// Points (x, y) in order; consecutive pairs inside one column form a horizontal run.
    pub points: Vec<(f64, f64)>,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// One place per node, in node order.
    pub nodes: Vec<Placed>,
    /// One route per edge drawn, in input order (edges that do not go left to right, which only a
    /// cycle can cause, are not drawn).
    pub routes: Vec<Route>,
    /// Size of the drawing.
    pub width: f64,
    /// Size of the drawing.
    pub height: f64,
}

/// Full sweeps (left to right, then right to left) of crossing reduction.
const SWEEPS: usize = 12;
/// Passes of vertical placement.
const PLACEMENT_PASSES: usize = 6;

/// Lays out `count` nodes and `edges` (from, to), each edge drawn left to right.
pub(crate) fn layout(count: usize, edges: &[(usize, usize)], sizes: &Sizes) -> Layout {
    let column = columns(count, edges);
    let mut graph = Layered::new(&column, edges);
    graph.order_columns();
    let y = graph.place(sizes);
    let column_x = |c: usize| c as f64 * (sizes.node_width + sizes.column_gap);
    let mut row = vec![0; graph.items.len()];
    for list in &graph.order {
        for (r, &item) in list.iter().enumerate() {
            row[item] = r;
        }
    }
    let nodes: Vec<Placed> = (0..count)
        .map(|v| Placed {
            column: column[v],
            row: row[v],
            x: column_x(column[v]),
            y: y[v] - sizes.node_height / 2.0,
        })
        .collect();
    let routes = graph
        .chains
        .iter()
        .map(|(from, to, chain)| {
            let mut points = vec![(column_x(column[*from]) + sizes.node_width, y[*from])];
            for &w in chain {
                let x = column_x(graph.items[w].column);
                points.push((x, y[w]));
                points.push((x + sizes.node_width, y[w]));
            }
            points.push((column_x(column[*to]), y[*to]));
            Route {
                from: *from,
                to: *to,
                points,
            }
        })
        .collect();
    let columns = column.iter().map(|c| c + 1).max().unwrap_or(0);
    let height = nodes
        .iter()
        .map(|p| p.y + sizes.node_height)
        .fold(0.0, f64::max);
    Layout {
        nodes,
        routes,
        width: (columns as f64 * (sizes.node_width + sizes.column_gap) - sizes.column_gap).max(0.0),
        height,
    }
}

/// Step 1: each node's column by longest path from a node without predecessors. Nodes on a
/// cycle (never in a valid book) get the column after their placed predecessors.
fn columns(count: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut incoming = vec![0usize; count];
    let mut out = vec![Vec::new(); count];
    for &(a, b) in edges
        .iter()
        .filter(|(a, b)| a != b && *a < count && *b < count)
    {
        incoming[b] += 1;
        out[a].push(b);
    }
    let mut column = vec![0usize; count];
    let mut queued = vec![false; count];
    let mut ready: std::collections::VecDeque<usize> =
        (0..count).filter(|&v| incoming[v] == 0).collect();
    for &v in &ready {
        queued[v] = true;
    }
    loop {
        while let Some(v) = ready.pop_front() {
            for &w in &out[v] {
                if queued[w] {
                    continue;
                }
                column[w] = column[w].max(column[v] + 1);
                incoming[w] -= 1;
                if incoming[w] == 0 {
                    queued[w] = true;
                    ready.push_back(w);
                }
            }
        }
        // A cycle: release its first node and go on.
        match (0..count).find(|&v| !queued[v]) {
            Some(v) => {
                queued[v] = true;
                ready.push_back(v);
            }
            None => break,
        }
    }
    column
}

/// A node or a waypoint.
#[derive(Debug, Clone)]
struct Item {
    column: usize,
    /// Items in the previous column linked to this one.
    before: Vec<usize>,
    /// Items in the next column linked to this one.
    after: Vec<usize>,
    /// Height used for spacing: 0 for a waypoint.
    is_waypoint: bool,
}

/// The graph with waypoints, as columns of items (nodes first, then waypoints).
struct Layered {
    items: Vec<Item>,
    /// Items per column, top to bottom.
    order: Vec<Vec<usize>>,
    /// Per edge drawn: (from, to, its waypoints left to right).
    chains: Vec<(usize, usize, Vec<usize>)>,
}

impl Layered {
    /// Step 2: adds waypoints; every column starts in node order, waypoints after the nodes.
    fn new(column: &[usize], edges: &[(usize, usize)]) -> Layered {
        let mut items: Vec<Item> = column
            .iter()
            .map(|&c| Item {
                column: c,
                before: Vec::new(),
                after: Vec::new(),
                is_waypoint: false,
            })
            .collect();
        let mut chains = Vec::new();
        for &(from, to) in edges {
            if from >= column.len() || to >= column.len() || column[to] <= column[from] {
                continue;
            }
            let mut chain = Vec::new();
            let mut previous = from;
            for c in column[from] + 1..column[to] {
                items.push(Item {
                    column: c,
                    before: vec![previous],
                    after: Vec::new(),
                    is_waypoint: true,
                });
                let waypoint = items.len() - 1;
                items[previous].after.push(waypoint);
                chain.push(waypoint);
                previous = waypoint;
            }
            items[previous].after.push(to);
            items[to].before.push(previous);
            chains.push((from, to, chain));
        }
        let columns = column.iter().map(|c| c + 1).max().unwrap_or(0);
        let mut order = vec![Vec::new(); columns];
        for (i, item) in items.iter().enumerate() {
            order[item.column].push(i);
        }
        Layered {
            items,
            order,
            chains,
        }
    }

    /// Step 3: barycentre sweeps, keeping the order with the fewest crossings.
    fn order_columns(&mut self) {
        // Seed each column from the one before, so waypoints start next to their edges.
        for c in 1..self.order.len() {
            self.sort_column(c, true);
        }
        let mut best = (self.crossings(), self.order.clone());
        for _ in 0..SWEEPS {
            if best.0 == 0 {
                break;
            }
            for c in 1..self.order.len() {
                self.sort_column(c, true);
            }
            for c in (0..self.order.len().saturating_sub(1)).rev() {
                self.sort_column(c, false);
            }
            let crossings = self.crossings();
            if crossings < best.0 {
                best = (crossings, self.order.clone());
            }
        }
        self.order = best.1;
    }

    /// Sorts column `c` by the mean rank of each item's neighbours in the previous column
    /// (`forward`) or the next one. Items without such neighbours keep their rank; items with no
    /// neighbours at all go last.
    fn sort_column(&mut self, c: usize, forward: bool) {
        let reference = if forward {
            c.checked_sub(1)
        } else {
            Some(c + 1).filter(|&n| n < self.order.len())
        };
        let Some(reference) = reference else {
            return;
        };
        let mut rank = vec![0usize; self.items.len()];
        for (r, &item) in self.order[reference].iter().enumerate() {
            rank[item] = r;
        }
        let items = &self.items;
        let mut keyed: Vec<(f64, usize)> = self.order[c]
            .iter()
            .enumerate()
            .map(|(r, &item)| {
                let linked = if forward {
                    &items[item].before
                } else {
                    &items[item].after
                };
                let alone = items[item].before.is_empty() && items[item].after.is_empty();
                let key = if alone {
                    f64::MAX
                } else if linked.is_empty() {
                    r as f64
                } else {
                    linked.iter().map(|&l| rank[l] as f64).sum::<f64>() / linked.len() as f64
                };
                (key, item)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.order[c] = keyed.into_iter().map(|(_, item)| item).collect();
    }

    /// Edge crossings between all pairs of neighbouring columns.
    fn crossings(&self) -> usize {
        let mut rank = vec![0usize; self.items.len()];
        for list in &self.order {
            for (r, &item) in list.iter().enumerate() {
                rank[item] = r;
            }
        }
        self.order
            .iter()
            .map(|list| {
                let mut pairs: Vec<(usize, usize)> = list
                    .iter()
                    .flat_map(|&a| self.items[a].after.iter().map(move |&b| (a, b)))
                    .map(|(a, b)| (rank[a], rank[b]))
                    .collect();
                pairs.sort_unstable();
                inversions(pairs.into_iter().map(|(_, b)| b).collect())
            })
            .sum()
    }

    /// Step 4: the vertical centre of every item.
    fn place(&self, sizes: &Sizes) -> Vec<f64> {
        let gap = |a: usize, b: usize| {
            let height = |i: usize| {
                if self.items[i].is_waypoint {
                    0.0
                } else {
                    sizes.node_height
                }
            };
            let both_nodes = !self.items[a].is_waypoint && !self.items[b].is_waypoint;
            (height(a) + height(b)) / 2.0
                + if both_nodes {
                    sizes.row_gap
                } else {
                    sizes.row_gap / 2.0
                }
        };
        let mut y = vec![0.0; self.items.len()];
        for list in &self.order {
            let mut at = 0.0;
            for (k, &item) in list.iter().enumerate() {
                if k > 0 {
                    at += gap(list[k - 1], item);
                }
                y[item] = at;
            }
        }
        for _ in 0..PLACEMENT_PASSES {
            for forward in [true, false] {
                let columns: Vec<usize> = if forward {
                    (1..self.order.len()).collect()
                } else {
                    (0..self.order.len().saturating_sub(1)).rev().collect()
                };
                for c in columns {
                    let list = &self.order[c];
                    let wanted: Vec<f64> = list
                        .iter()
                        .map(|&item| {
                            let linked = if forward {
                                &self.items[item].before
                            } else {
                                &self.items[item].after
                            };
                            if linked.is_empty() {
                                y[item]
                            } else {
                                linked.iter().map(|&l| y[l]).sum::<f64>() / linked.len() as f64
                            }
                        })
                        .collect();
                    for (item, at) in list.iter().zip(spread(list, &wanted, &gap)) {
                        y[*item] = at;
                    }
                }
            }
        }
        let top = self
            .order
            .iter()
            .filter_map(|l| l.first())
            .map(|&i| {
                y[i] - if self.items[i].is_waypoint {
                    0.0
                } else {
                    sizes.node_height / 2.0
                }
            })
            .fold(f64::INFINITY, f64::min);
        let top = if top.is_finite() { top } else { 0.0 };
        y.iter().map(|v| (v - top).round()).collect()
    }
}

/// Positions for `list` as close to `wanted` as the gaps allow, keeping the order: the least
/// squares placement with every gap respected. Writing each position as its distance from the
/// packed column (`y = z + offset`, offsets the running sum of gaps) turns the gaps into "z never
/// decreases", which pool-adjacent-violators solves exactly in linear time.
fn spread(list: &[usize], wanted: &[f64], gap: &impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(list.len());
    let mut offset = 0.0;
    for k in 0..list.len() {
        if k > 0 {
            offset += gap(list[k - 1], list[k]);
        }
        offsets.push(offset);
    }
    // Blocks of equal z: (sum of targets, count).
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (w, o) in wanted.iter().zip(&offsets) {
        blocks.push((w - o, 1));
        while blocks.len() > 1 {
            let (s2, n2) = blocks[blocks.len() - 1];
            let (s1, n1) = blocks[blocks.len() - 2];
            if s1 / n1 as f64 <= s2 / n2 as f64 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, n1 + n2);
        }
    }
    blocks
        .iter()
        .flat_map(|&(sum, n)| std::iter::repeat_n(sum / n as f64, n))
        .zip(&offsets)
        .map(|(z, o)| z + o)
        .collect()
}

/// The number of pairs out of order in `values` (merge sort, O(n log n)).
fn inversions(mut values: Vec<usize>) -> usize {
    fn sort(values: &mut [usize], scratch: &mut Vec<usize>) -> usize {
        let n = values.len();
        if n < 2 {
            return 0;
        }
        let mid = n / 2;
        let mut count = sort(&mut values[..mid], scratch) + sort(&mut values[mid..], scratch);
        scratch.clear();
        let (mut i, mut j) = (0, mid);
        while i < mid && j < n {
            if values[j] < values[i] {
                count += mid - i;
                scratch.push(values[j]);
                j += 1;
            } else {
                scratch.push(values[i]);
                i += 1;
            }
        }
        scratch.extend_from_slice(&values[i..mid]);
        scratch.extend_from_slice(&values[j..]);
        values.copy_from_slice(scratch);
        count
    }
    sort(&mut values, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZES: Sizes = Sizes {
        node_width: 100.0,
        node_height: 40.0,
        column_gap: 20.0,
        row_gap: 10.0,
    };

    #[test]
    fn inversions_are_counted() {
        assert_eq!(inversions(vec![0, 1, 2]), 0);
        assert_eq!(inversions(vec![2, 1, 0]), 3);
        assert_eq!(inversions(vec![1, 0, 1, 0]), 3);
    }

    #[test]
    fn columns_follow_the_longest_path() {
        // 0 → 1 → 2 and 0 → 2: node 2 goes after node 1, not just after node 0.
        assert_eq!(columns(3, &[(0, 1), (1, 2), (0, 2)]), [0, 1, 2]);
        // A cycle still gets columns.
        assert_eq!(columns(2, &[(0, 1), (1, 0)]), [0, 1]);
    }

    #[test]
    fn a_crossing_is_undone() {
        // 0 → 3 and 1 → 2 cross when column 1 keeps input order (2, 3).
        let drawn = layout(4, &[(0, 3), (1, 2)], &SIZES);
        assert!(drawn.nodes[3].row < drawn.nodes[2].row, "{drawn:?}");
        let graph = {
            let mut g = Layered::new(&columns(4, &[(0, 3), (1, 2)]), &[(0, 3), (1, 2)]);
            g.order_columns();
            g
        };
        assert_eq!(graph.crossings(), 0);
    }

    #[test]
    fn placement_is_as_close_as_the_gaps_allow() {
        let gap = |_: usize, _: usize| 10.0;
        // Room enough: everything where it wants to be.
        assert_eq!(spread(&[0, 1], &[0.0, 50.0], &gap), [0.0, 50.0]);
        // Two that want the same place share the difference.
        assert_eq!(spread(&[0, 1], &[20.0, 20.0], &gap), [15.0, 25.0]);
        // The middle one pulled down, the last pulled up: they meet halfway, the first stays.
        assert_eq!(
            spread(&[0, 1, 2], &[0.0, 100.0, 0.0], &gap),
            [0.0, 45.0, 55.0]
        );
    }

    #[test]
    fn boxes_never_overlap_and_long_edges_get_waypoints() {
        let edges = [(0, 1), (1, 2), (2, 3), (0, 3), (0, 4), (4, 3)];
        let drawn = layout(5, &edges, &SIZES);
        for a in 0..5 {
            for b in 0..a {
                let (p, q) = (drawn.nodes[a], drawn.nodes[b]);
                if p.column == q.column {
                    assert!(
                        (p.y - q.y).abs() >= SIZES.node_height + SIZES.row_gap - 1.0,
                        "{drawn:?}"
                    );
                }
            }
        }
        let long = drawn
            .routes
            .iter()
            .find(|r| (r.from, r.to) == (0, 3))
            .unwrap();
        assert_eq!(
            long.points.len(),
            2 + 2 * 2,
            "two waypoints, each a horizontal run"
        );
    }
}
