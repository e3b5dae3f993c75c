//! The file manager's dialogs: new folder, rename/move, permissions, delete, the text
//! editor (with its changed-on-disk guard) and image preview.

use super::format;
use crate::api::files::{chmod_path, delete_path, make_dir, perm_string, read_text, rename_path, write_text, FileEntry, TextDoc};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Closed,
    Mkdir,
    Rename(FileEntry),
    Chmod(FileEntry),
    Delete(FileEntry),
    Edit(String),
    Preview(String),
}

/// Runs a server call; closes the dialog and refreshes on success, shows the error otherwise.
fn run<F>(fut: F, dialog: RwSignal<Dialog>, error: RwSignal<Option<String>>, refresh: Callback<()>)
where
    F: std::future::Future<Output = Result<(), crate::AppError>> + 'static,
{
    error.set(None);
    spawn_local(async move {
        match fut.await {
            Ok(()) => {
                dialog.set(Dialog::Closed);
                refresh.run(());
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    });
}

#[component]
pub fn DialogView(host: i64, dir: Signal<String>, dialog: RwSignal<Dialog>, refresh: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let close = move |_| {
        error.set(None);
        dialog.set(Dialog::Closed);
    };
    let body = move || {
        let dir = dir.get_untracked();
        match dialog.get() {
            Dialog::Closed => ().into_any(),
            Dialog::Mkdir => {
                let name = RwSignal::new(String::new());
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let (d, n) = (dir.clone(), name.get_untracked());
                    run(async move { make_dir(host, d, n).await.map(|_| ()) }, dialog, error, refresh);
                };
                view! {
                    <form class="form" on:submit=submit>
                        <h2>"New folder"</h2>
                        <label>"Name"<input autofocus=true required=true bind:value=name/></label>
                        <Buttons label="Create" close=close/>
                    </form>
                }
                .into_any()
            }
            Dialog::Rename(e) => {
                let from = format::join(&dir, &e.name);
                let to = RwSignal::new(from.clone());
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let (f, t) = (from.clone(), to.get_untracked());
                    run(async move { rename_path(host, f, t).await }, dialog, error, refresh);
                };
                view! {
                    <form class="form" on:submit=submit>
                        <h2>{format!("Rename or move {}", e.name)}</h2>
                        <label>"New path"<input autofocus=true required=true bind:value=to/></label>
                        <p class="muted small">"Change the name to rename, or the folder to move it."</p>
                        <Buttons label="Rename" close=close/>
                    </form>
                }
                .into_any()
            }
            Dialog::Chmod(e) => {
                let path = format::join(&dir, &e.name);
                let mode = RwSignal::new(e.mode & 0o7777);
                let text = RwSignal::new(format!("{:o}", e.mode & 0o7777));
                let kind = e.kind;
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let (p, m) = (path.clone(), text.get_untracked());
                    run(async move { chmod_path(host, p, m).await }, dialog, error, refresh);
                };
                let bits = [("Owner", 6u32), ("Group", 3), ("Others", 0)];
                view! {
                    <form class="form" on:submit=submit>
                        <h2>{format!("Permissions of {}", e.name)}</h2>
                        <table class="table compact perm-grid">
                            <thead><tr><th></th><th>"Read"</th><th>"Write"</th><th>"Run"</th></tr></thead>
                            <tbody>
                                {bits.into_iter().map(|(who, shift)| view! {
                                    <tr><th>{who}</th>
                                        {[4u32, 2, 1].into_iter().map(|b| {
                                            let bit = b << shift;
                                            view! { <td><input type="checkbox" aria-label=format!("{who} {b}")
                                                prop:checked=move || mode.get() & bit != 0
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    mode.update(|m| if on { *m |= bit } else { *m &= !bit });
                                                    text.set(format!("{:o}", mode.get_untracked()));
                                                }/></td> }
                                        }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <label>"Octal"<input class="mono" bind:value=text inputmode="numeric"
                            on:input=move |ev| if let Ok(m) = crate::api::files::parse_mode(&event_target_value(&ev)) { mode.set(m) }/></label>
                        <p class="muted small mono">{move || perm_string(kind, mode.get())}</p>
                        <Buttons label="Apply" close=close/>
                    </form>
                }
                .into_any()
            }
            Dialog::Delete(e) => {
                let path = format::join(&dir, &e.name);
                let what = if e.is_dir_like() && e.kind != crate::api::files::EntryKind::Link {
                    format!("Delete the folder {} and everything in it?", e.name)
                } else {
                    format!("Delete {}?", e.name)
                };
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let p = path.clone();
                    run(async move { delete_path(host, p).await }, dialog, error, refresh);
                };
                view! {
                    <form class="form" on:submit=submit>
                        <h2>"Delete"</h2>
                        <p>{what}</p>
                        <p class="muted small">"This cannot be undone."</p>
                        <div class="dialog-buttons">
                            <button class="button ghost" type="button" on:click=close>"Cancel"</button>
                            <button class="button danger" type="submit">"Delete"</button>
                        </div>
                    </form>
                }
                .into_any()
            }
            Dialog::Edit(path) => view! { <Editor host=host path=path dialog=dialog refresh=refresh/> }.into_any(),
            Dialog::Preview(path) => {
                let src = format!("/api/files/{host}/download?inline=1&path={}", encode(&path));
                view! {
                    <div class="form">
                        <h2>{path.rsplit('/').next().unwrap_or("").to_owned()}</h2>
                        <img class="preview" src=src alt=format!("Preview of {path}")/>
                        <div class="dialog-buttons"><button class="button ghost" type="button" on:click=close>"Close"</button></div>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <Show when=move || dialog.get() != Dialog::Closed>
            <div class="dialog-scrim" on:click=close></div>
            <div class="dialog card" role="dialog" aria-modal="true">
                {body.clone()}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            </div>
        </Show>
    }
}

#[component]
fn Buttons(label: &'static str, close: impl Fn(leptos::ev::MouseEvent) + 'static) -> impl IntoView {
    view! {
        <div class="dialog-buttons">
            <button class="button ghost" type="button" on:click=close>"Cancel"</button>
            <button class="button" type="submit">{label}</button>
        </div>
    }
}

#[component]
fn Editor(host: i64, path: String, dialog: RwSignal<Dialog>, refresh: Callback<()>) -> impl IntoView {
    let doc = RwSignal::new(None::<Result<TextDoc, String>>);
    let text = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let load = {
        let path = path.clone();
        move || {
            let p = path.clone();
            status.set(None);
            spawn_local(async move {
                let r = read_text(host, p).await.map_err(|e| e.to_string());
                if let Ok(d) = &r {
                    text.set(d.content.clone());
                }
                doc.set(Some(r));
            });
        }
    };
    load();
    let save = {
        let path = path.clone();
        move |_| {
            let Some(Ok(d)) = doc.get_untracked() else { return };
            let (p, content) = (path.clone(), text.get_untracked());
            spawn_local(async move {
                match write_text(host, p, content, Some(d.size), Some(d.mtime)).await {
                    Ok(saved) => {
                        doc.update(|x| {
                            if let Some(Ok(d)) = x {
                                d.size = saved.size;
                                d.mtime = saved.mtime;
                            }
                        });
                        status.set(Some(Ok("Saved.".into())));
                        refresh.run(());
                    }
                    Err(e) => status.set(Some(Err(e.to_string()))),
                }
            });
        }
    };
    let reload = load.clone();
    view! {
        <div class="form editor">
            <h2 class="mono">{path.clone()}</h2>
            {move || match doc.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(_)) => view! { <textarea class="mono editor-text" aria-label="File content" spellcheck="false" bind:value=text></textarea> }.into_any(),
            }}
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="form-ok">{m}</p> }.into_any(),
                Err(m) => view! { <p class="form-error" role="alert">{m}</p> }.into_any(),
            })}
            <div class="dialog-buttons">
                <button class="button ghost" type="button" on:click=move |_| dialog.set(Dialog::Closed)>"Close"</button>
                <button class="button ghost" type="button" on:click=move |_| reload()>"Reload"</button>
                <button class="button" type="button" disabled=move || !matches!(doc.get(), Some(Ok(_))) on:click=save>"Save"</button>
            </div>
        </div>
    }
}

pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
