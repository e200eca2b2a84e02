//! Strongly connected components of a directed graph (Tarjan's algorithm, iterative so that a deep
//! graph cannot overflow the stack). The type passes use it to find cycles of types once, in linear time.

/// The component of every node: nodes with the same number are on a common cycle (or are one node).
/// `edges[n]` lists the successors of node `n`.
pub fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // Each frame: the node and how many of its edges have been followed.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        frames.push((root, 0));
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if *edge == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == UNVISITED {
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// For every node, whether it is on a cycle: its component has another node, or it has an edge to
/// itself.
pub fn on_cycle(edges: &[Vec<usize>], component: &[usize]) -> Vec<bool> {
    let mut sizes = vec![0usize; component.iter().max().map_or(0, |m| m + 1)];
    for &c in component {
        sizes[c] += 1;
    }
    (0..edges.len())
        .map(|node| sizes[component[node]] > 1 || edges[node].contains(&node))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone, 2 → 4.
        let edges = vec![vec![1], vec![2], vec![0, 4], vec![3], vec![]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[4]);
        let cyclic = on_cycle(&edges, &c);
        assert_eq!(cyclic, [true, true, true, true, false]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
