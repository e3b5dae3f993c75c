//! Files: an SFTP file manager for one host at a time. The host and folder live in
//! the URL (`?host=<id>&path=<folder>`), so back/forward and links work.

mod dialogs;
pub mod format;
mod upload;

use crate::api::files::{list_dir, perm_string, DirListing, EntryKind, FileEntry};
use crate::components::{host_from_query, EmptyState, HostPicker, Icon, IconButton, IconView};
use dialogs::{encode, Dialog, DialogView};
use format::SortKey;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use upload::{UploadPanel, Uploads};

#[component]
pub fn FilesPage() -> impl IntoView {
    let host = host_from_query();
    view! {
        <Title text="Files"/>
        <div class="page files-page">
            <header class="page-header">
                <h1>"Files"</h1>
                <HostPicker/>
            </header>
            {move || match host.get() {
                None => view! {
                    <EmptyState icon=Icon::Files title="Choose a host"
                        message="Pick an SSH host above to browse its files over SFTP."/>
                }.into_any(),
                Some(h) => view! { <Browser host=h/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Browser(host: i64) -> impl IntoView {
    let query = use_query_map();
    let path = Memo::new(move |_| query.read().get("path").unwrap_or_default());
    let tick = RwSignal::new(0u32);
    let listing = Resource::new(move || (host, path.get(), tick.get()), |(h, p, _)| list_dir(h, p));
    let refresh = Callback::new(move |_| tick.update(|t| *t += 1));
    let navigate = use_navigate();
    let go = Callback::new(move |to: String| {
        navigate(&format!("/files?host={host}&path={}", encode(&to)), Default::default());
    });
    let show_hidden = RwSignal::new(false);
    let overwrite = RwSignal::new(false);
    let sort = RwSignal::new((SortKey::Name, true));
    let dialog = RwSignal::new(Dialog::Closed);
    let uploads = Uploads::new();
    let dragging = RwSignal::new(false);
    let cwd = RwSignal::new(String::new());

    view! {
        <Transition fallback=|| view! { <p class="muted">"Connecting…"</p> }>
            {move || listing.get().map(|r| match r {
                Err(e) => view! {
                    <div class="card">
                        <p class="form-error" role="alert">{e.to_string()}</p>
                        <PathBar current=path.get_untracked() go=go/>
                    </div>
                }.into_any(),
                Ok(l) => {
                    let dir = l.path.clone();
                    cwd.set(dir.clone());
                    view! {
                        <Toolbar dir=dir.clone() host=host go=go refresh=refresh dialog=dialog show_hidden=show_hidden
                            overwrite=overwrite uploads=uploads/>
                        <div class="card files-table-card" class:dragging=move || dragging.get()
                            on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
                            on:dragleave=move |_| dragging.set(false)
                            on:drop={
                                let dir = dir.clone();
                                move |ev: leptos::ev::DragEvent| {
                                    ev.prevent_default();
                                    dragging.set(false);
                                    on_drop(&ev, uploads, host, dir.clone(), overwrite.get_untracked(), refresh);
                                }
                            }>
                            <Listing listing=l host=host go=go dialog=dialog show_hidden=show_hidden sort=sort/>
                            <p class="muted small drop-hint">"Drop files or folders here to upload them to this folder."</p>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
        // Outside the Transition: a refresh must not remount an open dialog (the editor).
        <DialogView host=host dir=cwd.into() dialog=dialog refresh=refresh/>
        <UploadPanel uploads=uploads/>
    }
}

#[allow(unused_variables, reason = "uploads run in the browser only")]
fn on_drop(ev: &leptos::ev::DragEvent, uploads: Uploads, host: i64, dir: String, overwrite: bool, refresh: Callback<()>) {
    #[cfg(feature = "hydrate")]
    {
        let entries = upload::entries_of_drop(ev);
        leptos::task::spawn_local(async move {
            let files = upload::files_from_drop(entries).await;
            upload::start(uploads, host, dir, files, overwrite, refresh);
        });
    }
}

#[allow(unused_variables, reason = "uploads run in the browser only")]
fn on_pick(ev: &leptos::ev::Event, uploads: Uploads, host: i64, dir: String, overwrite: bool, refresh: Callback<()>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            let files = upload::files_from_input(&input);
            upload::start(uploads, host, dir, files, overwrite, refresh);
        }
    }
}

#[component]
fn PathBar(current: String, go: Callback<String>) -> impl IntoView {
    let text = RwSignal::new(current);
    view! {
        <form class="path-bar" on:submit=move |ev| { ev.prevent_default(); go.run(text.get_untracked()); }>
            <input class="mono" aria-label="Path" bind:value=text spellcheck="false"/>
            <button class="button ghost small" type="submit">"Go"</button>
        </form>
    }
}

#[component]
fn Toolbar(
    dir: String,
    host: i64,
    go: Callback<String>,
    refresh: Callback<()>,
    dialog: RwSignal<Dialog>,
    show_hidden: RwSignal<bool>,
    overwrite: RwSignal<bool>,
    uploads: Uploads,
) -> impl IntoView {
    let up = format::parent(&dir);
    let at_root = dir == "/";
    let (d1, d2) = (dir.clone(), dir.clone());
    // `webkitdirectory` turns the picker into a folder picker (set on the element, as
    // the view macro only knows standard attributes).
    let folder_input = NodeRef::<leptos::html::Input>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = folder_input.get() {
            let _ = el.set_attribute("webkitdirectory", "");
        }
    });
    view! {
        <nav class="crumbs" aria-label="Folder">
            {format::crumbs(&dir).into_iter().map(|(label, p)| view! {
                <a href=format!("/files?host={host}&path={}", encode(&p))>{label}</a>
            }).collect_view()}
        </nav>
        <div class="files-toolbar">
            <button class="button ghost small" type="button" disabled=at_root title="Parent folder" on:click=move |_| go.run(up.clone())>"↑ Up"</button>
            <PathBar current=dir.clone() go=go/>
            <button class="button ghost small" type="button" on:click=move |_| refresh.run(())>"Refresh"</button>
            <label class="check"><input type="checkbox" bind:checked=show_hidden/>"Hidden files"</label>
            <span class="spacer"></span>
            <button class="button ghost small" type="button" on:click=move |_| dialog.set(Dialog::Mkdir)>"New folder"</button>
            <label class="button small file-button">
                "Upload files"
                <input type="file" multiple=true class="visually-hidden" data-testid="upload-files"
                    on:change=move |ev| on_pick(&ev, uploads, host, d1.clone(), overwrite.get_untracked(), refresh)/>
            </label>
            <label class="button ghost small file-button">
                "Upload folder"
                <input type="file" multiple=true class="visually-hidden" data-testid="upload-folder"
                    node_ref=folder_input
                    on:change=move |ev| on_pick(&ev, uploads, host, d2.clone(), overwrite.get_untracked(), refresh)/>
            </label>
            <label class="check"><input type="checkbox" bind:checked=overwrite/>"Replace existing"</label>
        </div>
    }
}

#[component]
fn Listing(
    listing: DirListing,
    host: i64,
    go: Callback<String>,
    dialog: RwSignal<Dialog>,
    show_hidden: RwSignal<bool>,
    sort: RwSignal<(SortKey, bool)>,
) -> impl IntoView {
    let dir = listing.path.clone();
    let all = listing.entries;
    let rows = move || {
        let mut v: Vec<FileEntry> = all.iter().filter(|e| show_hidden.get() || !e.name.starts_with('.')).cloned().collect();
        let (k, asc) = sort.get();
        format::sort(&mut v, k, asc);
        v
    };
    let header = move |label: &'static str, key: SortKey, class: &'static str| {
        let arrow = move || match sort.get() {
            (k, true) if k == key => " ▲",
            (k, false) if k == key => " ▼",
            _ => "",
        };
        let aria = move || match sort.get() {
            (k, true) if k == key => "ascending",
            (k, false) if k == key => "descending",
            _ => "none",
        };
        view! {
            <th class=class aria-sort=aria>
                <button class="sort" type="button" on:click=move |_| sort.update(|s| *s = if s.0 == key { (key, !s.1) } else { (key, true) })>
                    {label}{arrow}
                </button>
            </th>
        }
    };
    view! {
        <table class="table compact files-table">
            <thead><tr>
                {header("Name", SortKey::Name, "col-name")}
                {header("Size", SortKey::Size, "col-size")}
                {header("Modified", SortKey::Modified, "col-date")}
                {header("Permissions", SortKey::Perms, "col-perm")}
                {header("Owner", SortKey::Owner, "col-owner")}
                <th class="col-actions"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>
                {move || {
                    let rows = rows();
                    if rows.is_empty() {
                        return view! { <tr><td colspan="6" class="muted">"This folder is empty."</td></tr> }.into_any();
                    }
                    rows.into_iter().map(|e| view! { <Row e=e dir=dir.clone() host=host go=go dialog=dialog/> }).collect_view().into_any()
                }}
            </tbody>
        </table>
    }
}

#[component]
fn Row(e: FileEntry, dir: String, host: i64, go: Callback<String>, dialog: RwSignal<Dialog>) -> impl IntoView {
    let path = format::join(&dir, &e.name);
    let download = format!("/api/files/{host}/download?path={}", encode(&path));
    let is_dir = e.is_dir_like();
    let icon = match (e.kind, is_dir) {
        (_, true) => Icon::Files,
        (EntryKind::Link, false) => Icon::Tunnels,
        _ => Icon::Audit,
    };
    let owner = e.owner.clone().unwrap_or_else(|| e.uid.to_string());
    let (ren, ch, del, ed, pv) = (e.clone(), e.clone(), e.clone(), path.clone(), path.clone());
    let image = format::is_image(&e.name);
    let text_like = e.kind == EntryKind::File && !image;
    let open_path = path.clone();
    view! {
        <tr data-name=e.name.clone()>
            <td class="col-name">
                {if is_dir {
                    view! { <a href=format!("/files?host={host}&path={}", encode(&open_path)) class="file-name"
                        on:click=move |ev| { ev.prevent_default(); go.run(open_path.clone()); }>
                        <IconView icon=icon size=16/>{e.name.clone()}</a> }.into_any()
                } else {
                    view! { <span class="file-name"><IconView icon=icon size=16/>{e.name.clone()}</span> }.into_any()
                }}
            </td>
            <td class="col-size">{if e.kind == EntryKind::Dir { String::new() } else { format::size(e.size) }}</td>
            <td class="col-date">{format::date(e.mtime)}</td>
            <td class="col-perm mono">{perm_string(e.kind, e.mode)}</td>
            <td class="col-owner">{owner}</td>
            <td class="col-actions">
                <div class="row-actions icon-actions">
                    <a class="button ghost small" href=download title=if is_dir { "Download as .tar" } else { "Download" }
                        download=if is_dir { format!("{}.tar", e.name) } else { e.name.clone() }>
                        <IconView icon=Icon::Download size=16/><span class="label">{if is_dir { "Download .tar" } else { "Download" }}</span>
                    </a>
                    <Show when=move || text_like>
                        {let ed = ed.clone(); view! { <IconButton icon=Icon::Edit label="Edit" on_click=move || dialog.set(Dialog::Edit(ed.clone()))/> }}
                    </Show>
                    <Show when=move || image>
                        {let pv = pv.clone(); view! { <IconButton icon=Icon::Preview label="Preview" on_click=move || dialog.set(Dialog::Preview(pv.clone()))/> }}
                    </Show>
                    <IconButton icon=Icon::Rename label="Rename" on_click=move || dialog.set(Dialog::Rename(ren.clone()))/>
                    <IconButton icon=Icon::Permissions label="Chmod" on_click=move || dialog.set(Dialog::Chmod(ch.clone()))/>
                    <IconButton icon=Icon::Delete label="Delete" danger=true on_click=move || dialog.set(Dialog::Delete(del.clone()))/>
                </div>
            </td>
        </tr>
    }
}
