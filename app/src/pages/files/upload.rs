//! Uploads: each file is sent as the raw body of an XMLHttpRequest (the File object
//! itself, so the browser streams it from disk) to `PUT /api/files/{host}/upload`,
//! three at a time, with per-file and total progress, speed and cancel.

use super::format;
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum UpStatus {
    Queued,
    Sending,
    Done,
    Failed(String),
    Cancelled,
}

#[derive(Clone)]
pub struct UploadItem {
    pub id: u32,
    pub name: String,
    pub size: f64,
    pub loaded: RwSignal<f64>,
    pub status: RwSignal<UpStatus>,
}

#[derive(Clone, Copy)]
pub struct Uploads {
    pub items: RwSignal<Vec<UploadItem>>,
    /// `Date.now()` when the current batch started.
    pub started: RwSignal<f64>,
    pub next_id: StoredValue<u32>,
}

impl Uploads {
    pub fn new() -> Self {
        Uploads { items: RwSignal::new(Vec::new()), started: RwSignal::new(0.0), next_id: StoredValue::new(1) }
    }
}

#[component]
pub fn UploadPanel(uploads: Uploads) -> impl IntoView {
    let totals = move || {
        let items = uploads.items.get();
        let size: f64 = items.iter().map(|i| i.size).sum();
        let loaded: f64 = items.iter().map(|i| i.loaded.get().min(i.size)).sum();
        let active = items.iter().any(|i| matches!(i.status.get(), UpStatus::Queued | UpStatus::Sending));
        (size, loaded, active, items.len())
    };
    let speed = move || {
        let (_, loaded, active, _) = totals();
        let secs = (now_ms() - uploads.started.get()) / 1000.0;
        if !active || secs <= 0.2 {
            return String::new();
        }
        format!("{}/s", format::size((loaded / secs) as u64))
    };
    view! {
        <Show when=move || totals().3 != 0>
            <section class="card upload-panel" aria-label="Uploads">
                <div class="upload-head">
                    <h2>"Uploads"</h2>
                    <span class="muted small">{move || {
                        let (size, loaded, _, n) = totals();
                        format!("{n} file(s) · {} of {}", format::size(loaded as u64), format::size(size as u64))
                    }}</span>
                    <span class="muted small upload-speed">{speed}</span>
                    <button class="button ghost small" type="button"
                        disabled=move || totals().2
                        on:click=move |_| uploads.items.set(Vec::new())>"Clear"</button>
                </div>
                <progress class="upload-total" aria-label="Total upload progress"
                    max=move || totals().0.max(1.0) value=move || totals().1></progress>
                <ul class="upload-list">
                    <For each=move || uploads.items.get() key=|i| i.id let:item>
                        <UploadRow item=item/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn UploadRow(item: UploadItem) -> impl IntoView {
    let UploadItem { id, name, size, loaded, status } = item;
    let label = move || match status.get() {
        UpStatus::Queued => "waiting".to_owned(),
        UpStatus::Sending => format!("{} of {}", format::size(loaded.get() as u64), format::size(size as u64)),
        UpStatus::Done => "done".to_owned(),
        UpStatus::Failed(e) => e,
        UpStatus::Cancelled => "cancelled".to_owned(),
    };
    let state = move || match status.get() {
        UpStatus::Done => "done",
        UpStatus::Failed(_) => "failed",
        UpStatus::Cancelled => "cancelled",
        _ => "active",
    };
    view! {
        <li class="upload-row" data-state=state>
            <span class="upload-name" title=name.clone()>{name.clone()}</span>
            <progress max=size.max(1.0) value=move || if status.get() == UpStatus::Done { size.max(1.0) } else { loaded.get() }></progress>
            <span class="upload-status small">{label}</span>
            <Show when=move || matches!(status.get(), UpStatus::Queued | UpStatus::Sending)>
                <button class="button ghost small" type="button" on:click=move |_| cancel(id, status)>"Cancel"</button>
            </Show>
        </li>
    }
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

fn cancel(id: u32, status: RwSignal<UpStatus>) {
    status.set(UpStatus::Cancelled);
    #[cfg(feature = "hydrate")]
    browser::abort(id);
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(feature = "hydrate")]
pub use browser::{files_from_drop, files_from_input, start};

#[cfg(feature = "hydrate")]
mod browser {
    use super::*;
    use std::cell::RefCell;
    use std::collections::{HashMap, VecDeque};
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, ProgressEvent, XmlHttpRequest};

    thread_local! {
        static XHRS: RefCell<HashMap<u32, XmlHttpRequest>> = RefCell::new(HashMap::new());
    }

    const PARALLEL: usize = 3;

    pub fn abort(id: u32) {
        if let Some(x) = XHRS.with(|m| m.borrow_mut().remove(&id)) {
            let _ = x.abort();
        }
    }

    /// Files chosen in an `<input type=file>` (with `webkitdirectory`: their paths).
    pub fn files_from_input(input: &web_sys::HtmlInputElement) -> Vec<(File, String)> {
        let mut out = Vec::new();
        if let Some(list) = input.files() {
            for i in 0..list.length() {
                if let Some(f) = list.get(i) {
                    let rel = js_sys::Reflect::get(&f, &"webkitRelativePath".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
                    let rel = if rel.is_empty() { f.name() } else { rel };
                    out.push((f, rel));
                }
            }
        }
        input.set_value("");
        out
    }

    /// Entries of a drop, taken synchronously (the DataTransfer is only valid now).
    pub fn entries_of_drop(ev: &web_sys::DragEvent) -> Vec<FileSystemEntry> {
        let Some(dt) = ev.data_transfer() else { return Vec::new() };
        let items = dt.items();
        (0..items.length()).filter_map(|i| items.get(i)).filter_map(|it| it.webkit_get_as_entry().ok().flatten()).collect()
    }

    /// Walks dropped files and folders into (file, relative path).
    pub async fn files_from_drop(entries: Vec<FileSystemEntry>) -> Vec<(File, String)> {
        let mut out = Vec::new();
        let mut stack = entries;
        while let Some(e) = stack.pop() {
            let rel = e.full_path().trim_start_matches('/').to_owned();
            if e.is_directory() {
                let dir: FileSystemDirectoryEntry = e.unchecked_into();
                let reader = dir.create_reader();
                // readEntries returns batches until an empty one.
                loop {
                    let batch = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
                        let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
                    }))
                    .await;
                    let Ok(arr) = batch else { break };
                    let arr: js_sys::Array = arr.unchecked_into();
                    if arr.length() == 0 {
                        break;
                    }
                    stack.extend(arr.iter().map(|v| v.unchecked_into::<FileSystemEntry>()));
                }
            } else if e.is_file() {
                let fe: FileSystemFileEntry = e.unchecked_into();
                let file = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
                    fe.file_with_callback_and_callback(&resolve, &reject);
                }))
                .await;
                if let Ok(f) = file {
                    out.push((f.unchecked_into::<File>(), rel));
                }
            }
        }
        out
    }

    /// Queues `files` for `dir` on `host`; `done` runs when the batch has finished.
    pub fn start(up: Uploads, host: i64, dir: String, files: Vec<(File, String)>, overwrite: bool, done: Callback<()>) {
        if files.is_empty() {
            return;
        }
        let busy = up.items.with_untracked(|v| v.iter().any(|i| matches!(i.status.get_untracked(), UpStatus::Queued | UpStatus::Sending)));
        if !busy {
            up.started.set(js_sys::Date::now());
            up.items.update(|v| v.retain(|i| matches!(i.status.get_untracked(), UpStatus::Queued | UpStatus::Sending)));
        }
        let mut jobs = VecDeque::new();
        for (file, rel) in files {
            let id = up.next_id.get_value();
            up.next_id.set_value(id + 1);
            let item = UploadItem { id, name: rel.clone(), size: file.size(), loaded: RwSignal::new(0.0), status: RwSignal::new(UpStatus::Queued) };
            up.items.update(|v| v.push(item.clone()));
            let path = format::join(&dir, &rel);
            let url = format!(
                "/api/files/{host}/upload?path={}&parents=1{}",
                String::from(js_sys::encode_uri_component(&path)),
                if overwrite { "&overwrite=1" } else { "" }
            );
            jobs.push_back((item, file, url));
        }
        let queue = Rc::new(RefCell::new(jobs));
        let left = Rc::new(RefCell::new(PARALLEL));
        for _ in 0..PARALLEL {
            let (queue, left) = (queue.clone(), left.clone());
            leptos::task::spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some((item, file, url)) = next else { break };
                    if item.status.get_untracked() == UpStatus::Cancelled {
                        continue;
                    }
                    send(&item, &file, &url).await;
                }
                let last = {
                    let mut l = left.borrow_mut();
                    *l -= 1;
                    *l == 0
                };
                if last {
                    done.run(());
                }
            });
        }
    }

    async fn send(item: &UploadItem, file: &File, url: &str) {
        let Ok(xhr) = XmlHttpRequest::new() else {
            item.status.set(UpStatus::Failed("the browser cannot upload".into()));
            return;
        };
        if xhr.open("PUT", url).is_err() {
            item.status.set(UpStatus::Failed("could not start the upload".into()));
            return;
        }
        let loaded = item.loaded;
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| loaded.set(ev.loaded()));
        if let Ok(u) = xhr.upload() {
            u.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
        item.status.set(UpStatus::Sending);
        XHRS.with(|m| m.borrow_mut().insert(item.id, xhr.clone()));
        if let Err(e) = xhr.send_with_opt_blob(Some(file)) {
            item.status.set(UpStatus::Failed(format!("{e:?}")));
            return;
        }
        let _ = JsFuture::from(finished).await;
        XHRS.with(|m| m.borrow_mut().remove(&item.id));
        drop(progress);
        if item.status.get_untracked() == UpStatus::Cancelled {
            return;
        }
        let status = xhr.status().unwrap_or(0);
        if status == 201 {
            item.loaded.set(item.size);
            item.status.set(UpStatus::Done);
            return;
        }
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        let msg = serde_json_error(&text).unwrap_or_else(|| if status == 0 { "the connection was lost".into() } else { format!("failed (HTTP {status})") });
        item.status.set(UpStatus::Failed(msg));
    }

    /// `{"error": "..."}` → the message.
    fn serde_json_error(text: &str) -> Option<String> {
        let v = js_sys::JSON::parse(text).ok()?;
        js_sys::Reflect::get(&v, &"error".into()).ok()?.as_string()
    }
}

#[cfg(feature = "hydrate")]
pub use browser::entries_of_drop;
