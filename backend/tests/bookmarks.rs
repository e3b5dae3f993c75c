//! Bookmarks against real databases (SQLite always, PostgreSQL when configured):
//! create/update/delete, ordering, the free-core cap, and stored icons.

use archnest_backend::bookmarks::favicon::{FetchedIcon, IconMime};
use archnest_backend::bookmarks::{crud, icons, BookmarkError, BookmarkInput};
use archnest_backend::testing::{self, Backend};
use archnest_modules::{Module, ModuleSet};

fn input(name: &str, group: &str) -> BookmarkInput {
    BookmarkInput { name: name.into(), url: format!("https://{}.home.lan/", name.to_lowercase()), group: group.into(), emoji: None }
}

async fn db(backend: Backend, dir: &std::path::Path) -> sea_orm::DatabaseConnection {
    let config = testing::config(backend, dir).await;
    let db = archnest_backend::db::connect(&config).await.expect("connect");
    archnest_backend::db::migrate(&db).await.expect("migrate");
    db
}

fn names(rows: &[crud::Row]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[tokio::test]
async fn the_eleventh_bookmark_is_refused_in_the_free_core() {
    for backend in Backend::available() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = db(backend, dir.path()).await;
        for i in 0..10 {
            crud::create(&db, ModuleSet::EMPTY, &input(&format!("svc{i}"), "")).await.expect("within the cap");
        }
        let err = crud::create(&db, ModuleSet::EMPTY, &input("svc10", "")).await.expect_err("11th refused");
        assert!(matches!(err, BookmarkError::LimitReached { limit: 10 }), "{backend:?}: {err:?}");
        assert_eq!(crud::count(&db).await.expect("count"), 10, "nothing was written");
        // The module lifts the cap.
        let owned: ModuleSet = [Module::UnlimitedBookmarks].into_iter().collect();
        crud::create(&db, owned, &input("svc10", "")).await.expect("unlimited");
        assert_eq!(crud::count(&db).await.expect("count"), 11);
    }
}

#[tokio::test]
async fn create_update_delete_and_order() {
    for backend in Backend::available() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = db(backend, dir.path()).await;
        let free = ModuleSet::EMPTY;
        let grafana = crud::create(&db, free, &input("Grafana", "Monitoring")).await.expect("create");
        let jelly = crud::create(&db, free, &input("Jellyfin", "Media")).await.expect("create");
        let prom = crud::create(&db, free, &input("Prometheus", "Monitoring")).await.expect("create");
        let sonarr = crud::create(&db, free, &input("Sonarr", "Media")).await.expect("create");
        // Groups follow their first tile; new tiles go to the end of their group.
        assert_eq!(names(&crud::list(&db).await.expect("list")), ["Grafana", "Prometheus", "Jellyfin", "Sonarr"], "{backend:?}");

        // Keyboard moves stay inside the group.
        assert!(crud::move_one(&db, prom.id, true).await.expect("move"));
        assert!(!crud::move_one(&db, prom.id, true).await.expect("already first"));
        assert_eq!(names(&crud::list(&db).await.expect("list")), ["Prometheus", "Grafana", "Jellyfin", "Sonarr"]);

        // A full order from a drag is stored; a stale one is refused.
        crud::reorder(&db, &[jelly.id, sonarr.id, grafana.id, prom.id]).await.expect("reorder");
        // Media now comes first, since its first tile does; Sonarr before Jellyfin below.
        crud::reorder(&db, &[sonarr.id, jelly.id, grafana.id, prom.id]).await.expect("reorder");
        assert_eq!(names(&crud::list(&db).await.expect("list")), ["Sonarr", "Jellyfin", "Grafana", "Prometheus"]);
        let stale = crud::reorder(&db, &[sonarr.id, jelly.id, grafana.id]).await;
        assert!(matches!(stale, Err(BookmarkError::StaleOrder)), "{stale:?}");

        // Editing: a field error names the field; changing the group moves the tile.
        let mut bad = input("Grafana", "Monitoring");
        bad.url = "ftp://grafana".into();
        let err = crud::update(&db, grafana.id, &bad).await.expect_err("bad url");
        assert!(matches!(err, BookmarkError::Invalid { field: "url", .. }), "{err:?}");
        let mut moved = input("Grafana", "Media");
        moved.emoji = Some("📈".into());
        let (row, url_changed) = crud::update(&db, grafana.id, &moved).await.expect("update");
        assert!(!url_changed);
        assert_eq!(row.emoji.as_deref(), Some("📈"));
        assert_eq!(names(&crud::list(&db).await.expect("list")), ["Sonarr", "Jellyfin", "Grafana", "Prometheus"]);
        assert_eq!(crud::list(&db).await.expect("list")[2].group_name, "Media");

        crud::delete(&db, jelly.id).await.expect("delete");
        assert!(matches!(crud::delete(&db, jelly.id).await, Err(BookmarkError::NotFound)));
        assert!(matches!(crud::update(&db, jelly.id, &input("x", "")).await, Err(BookmarkError::NotFound)));
        assert_eq!(names(&crud::list(&db).await.expect("list")), ["Sonarr", "Grafana", "Prometheus"]);
    }
}

#[tokio::test]
async fn icons_are_stored_and_cleared_when_the_url_changes() {
    for backend in Backend::available() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = db(backend, dir.path()).await;
        let b = crud::create(&db, ModuleSet::EMPTY, &input("NAS", "")).await.expect("create");
        assert_eq!(icons::icon(&db, b.id).await.expect("icon"), None);
        let png = b"\x89PNG\r\n\x1a\nfake-but-typed".to_vec();
        icons::set_icon(&db, b.id, Ok(FetchedIcon { bytes: png.clone(), mime: IconMime::Png })).await.expect("store");
        assert_eq!(icons::icon(&db, b.id).await.expect("icon"), Some((png, "image/png".into())), "{backend:?}");
        assert!(crud::find(&db, b.id).await.expect("row").has_icon());

        icons::set_icon(&db, b.id, Err("the site answered HTTP 404".into())).await.expect("store error");
        let row = crud::find(&db, b.id).await.expect("row");
        assert!(!row.has_icon());
        assert_eq!(row.icon_error.as_deref(), Some("the site answered HTTP 404"));

        icons::set_icon(&db, b.id, Ok(FetchedIcon { bytes: vec![0, 0, 1, 0, 1, 0, 0], mime: IconMime::Ico })).await.expect("store");
        let mut other = input("NAS", "");
        other.url = "https://other-nas.home.lan".into();
        let (row, url_changed) = crud::update(&db, b.id, &other).await.expect("update");
        assert!(url_changed && !row.has_icon(), "a new site's tile must not keep the old icon");
        assert!(matches!(icons::icon(&db, 9999).await, Err(BookmarkError::NotFound)));
    }
}
