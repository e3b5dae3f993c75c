//! Local reordering while the user drags or presses a move button. The server
//! stores the resulting full order (and re-checks it).

use crate::api::bookmarks::BookmarkTile;

/// Groups in display order: by first appearance, tiles in list order.
pub fn grouped(tiles: &[BookmarkTile]) -> Vec<(String, Vec<BookmarkTile>)> {
    let mut out: Vec<(String, Vec<BookmarkTile>)> = Vec::new();
    for t in tiles {
        match out.iter_mut().find(|(g, _)| *g == t.group) {
            Some((_, list)) => list.push(t.clone()),
            None => out.push((t.group.clone(), vec![t.clone()])),
        }
    }
    out
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code, reason = "dragging runs in the browser only"))]
/// Moves `id` to where `target` is, if both are in the same group.
pub fn drop_on(tiles: &mut Vec<BookmarkTile>, id: i32, target: i32) -> bool {
    let (Some(from), Some(to)) = (tiles.iter().position(|t| t.id == id), tiles.iter().position(|t| t.id == target)) else {
        return false;
    };
    if from == to || tiles[from].group != tiles[to].group {
        return false;
    }
    let tile = tiles.remove(from);
    tiles.insert(to, tile);
    true
}

/// Swaps `id` with its previous (`up`) or next neighbour in the same group.
pub fn step(tiles: &mut [BookmarkTile], id: i32, up: bool) -> bool {
    let Some(at) = tiles.iter().position(|t| t.id == id) else { return false };
    let group = tiles[at].group.clone();
    let other = if up {
        tiles[..at].iter().rposition(|t| t.group == group)
    } else {
        tiles[at + 1..].iter().position(|t| t.group == group).map(|i| at + 1 + i)
    };
    match other {
        Some(o) => {
            tiles.swap(at, o);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiles(spec: &[(i32, &str)]) -> Vec<BookmarkTile> {
        spec.iter()
            .map(|(id, g)| BookmarkTile { id: *id, name: id.to_string(), url: String::new(), group: (*g).into(), emoji: None, icon_src: None, icon_error: None })
            .collect()
    }

    fn ids(t: &[BookmarkTile]) -> Vec<i32> {
        t.iter().map(|t| t.id).collect()
    }

    #[test]
    fn dragging_reorders_inside_a_group_only() {
        let mut t = tiles(&[(1, "a"), (2, "a"), (3, "a"), (4, "b")]);
        assert!(drop_on(&mut t, 3, 1));
        assert_eq!(ids(&t), [3, 1, 2, 4]);
        assert!(drop_on(&mut t, 3, 2));
        assert_eq!(ids(&t), [1, 2, 3, 4]);
        assert!(!drop_on(&mut t, 1, 4), "other group");
        assert!(!drop_on(&mut t, 1, 1));
        assert_eq!(grouped(&t).len(), 2);
    }

    #[test]
    fn steps_skip_other_groups() {
        let mut t = tiles(&[(1, "a"), (2, "b"), (3, "a")]);
        assert!(step(&mut t, 3, true));
        assert_eq!(ids(&t), [3, 2, 1]);
        assert!(!step(&mut t, 3, true));
        assert!(!step(&mut t, 2, false));
    }
}
