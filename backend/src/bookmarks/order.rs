//! Tile order. The page shows groups in the order of their first tile and tiles by
//! `position` inside a group; saving an order rewrites positions 0..n in that shape,
//! so each group's tiles stay contiguous.

/// Sorts `(id, group)` pairs (already by position) into display order: grouped,
/// groups by first appearance, stable inside a group.
pub fn display_order<T>(rows: Vec<T>, group: impl Fn(&T) -> &str) -> Vec<T> {
    let mut groups: Vec<String> = Vec::new();
    for r in &rows {
        if !groups.iter().any(|g| g == group(r)) {
            groups.push(group(r).to_owned());
        }
    }
    let mut keyed: Vec<(usize, usize, T)> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| (groups.iter().position(|g| g == group(&r)).unwrap_or(usize::MAX), i, r))
        .collect();
    keyed.sort_by_key(|(g, i, _)| (*g, *i));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

/// The order after moving `id` one place earlier (`up`) or later inside its group.
/// `None` when it is already first/last there or unknown.
pub fn moved(order: &[(i32, &str)], id: i32, up: bool) -> Option<Vec<i32>> {
    let at = order.iter().position(|(i, _)| *i == id)?;
    let group = order[at].1;
    let neighbour = if up {
        order[..at].iter().rposition(|(_, g)| *g == group)?
    } else {
        at + 1 + order[at + 1..].iter().position(|(_, g)| *g == group)?
    };
    let mut ids: Vec<i32> = order.iter().map(|(i, _)| *i).collect();
    ids.swap(at, neighbour);
    Some(ids)
}

/// Whether `requested` names exactly the bookmarks that exist, each once.
pub fn is_permutation(existing: &[i32], requested: &[i32]) -> bool {
    let mut a = existing.to_vec();
    let mut b = requested.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    a == b && b.windows(2).all(|w| w[0] != w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_their_first_tile() {
        let rows = vec![(1, "media"), (2, "infra"), (3, "media"), (4, ""), (5, "infra")];
        let ids: Vec<i32> = display_order(rows, |r| r.1).into_iter().map(|r| r.0).collect();
        assert_eq!(ids, [1, 3, 2, 5, 4]);
    }

    #[test]
    fn moves_stay_inside_the_group() {
        let order = [(1, "a"), (2, "a"), (3, "b"), (4, "a"), (5, "b")];
        assert_eq!(moved(&order, 4, true), Some(vec![1, 4, 3, 2, 5]));
        assert_eq!(moved(&order, 3, false), Some(vec![1, 2, 5, 4, 3]));
        assert_eq!(moved(&order, 1, false), Some(vec![2, 1, 3, 4, 5]));
        assert_eq!(moved(&order, 1, true), None, "first of its group");
        assert_eq!(moved(&order, 5, false), None, "last of its group");
        assert_eq!(moved(&order, 9, true), None, "unknown id");
    }

    #[test]
    fn permutation_check() {
        assert!(is_permutation(&[1, 2, 3], &[3, 1, 2]));
        assert!(!is_permutation(&[1, 2, 3], &[1, 2]), "missing one");
        assert!(!is_permutation(&[1, 2, 3], &[1, 2, 3, 4]), "unknown one");
        assert!(!is_permutation(&[1, 2], &[1, 1]), "duplicate");
        assert!(is_permutation(&[], &[]));
    }
}
