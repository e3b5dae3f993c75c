//! The browser side of one terminal session (hydrate only): xterm.js on screen, one
//! WebSocket to the server, acknowledgements after rendering, resize, pings.

use super::keys;
use super::xterm::{create_terminal, FitAddon, SearchAddon, XTerm};
use super::{Status, TermUi};
use crate::terminal_protocol::{ClientMsg, ServerMsg, ACK_EVERY, PATH};
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, HtmlElement, MessageEvent, WebSocket};

const PING_EVERY_MS: u64 = 20_000;
const PONG_TIMEOUT_MS: f64 = 50_000.0;

pub struct Client {
    host_id: i64,
    ui: TermUi,
    term: XTerm,
    fit: FitAddon,
    search: SearchAddon,
    ws: RefCell<Option<WebSocket>>,
    /// Byte lengths of writes xterm has not rendered yet, in order.
    pending: RefCell<VecDeque<u64>>,
    rendered: Cell<u64>,
    acked: Cell<u64>,
    last_pong: Cell<f64>,
    write_done: RefCell<Option<Closure<dyn FnMut()>>>,
    keep: RefCell<Vec<Box<dyn std::any::Any>>>,
    ws_keep: RefCell<Vec<Box<dyn std::any::Any>>>,
    observer: RefCell<Option<web_sys::ResizeObserver>>,
    ping: RefCell<Option<IntervalHandle>>,
}

fn css_var(name: &str) -> String {
    let doc = document().document_element();
    let style = doc.and_then(|el| window().get_computed_style(&el).ok().flatten());
    style.and_then(|s| s.get_property_value(name).ok()).map(|v| v.trim().to_owned()).unwrap_or_default()
}

fn theme() -> JsValue {
    let t = js_sys::Object::new();
    for (key, var) in [("background", "--bg"), ("foreground", "--text"), ("cursor", "--accent"), ("selectionBackground", "--accent-soft")] {
        let v = css_var(var);
        if !v.is_empty() {
            let _ = Reflect::set(&t, &key.into(), &v.into());
        }
    }
    t.into()
}

fn get<T: JsCast>(obj: &JsValue, key: &str) -> Result<T, String> {
    Reflect::get(obj, &key.into()).map_err(|_| format!("xterm: no {key}"))?.dyn_into::<T>().map_err(|_| format!("xterm: bad {key}"))
}

pub async fn start(el: HtmlElement, host_id: i64, ui: TermUi) -> Result<Rc<Client>, String> {
    let obj = create_terminal(&el, f64::from(ui.font_size.get_untracked()), &theme())
        .await
        .map_err(|e| format!("could not load the terminal: {}", e.as_string().unwrap_or_else(|| format!("{e:?}"))))?;
    let client = Rc::new(Client {
        host_id,
        ui,
        term: get::<JsValue>(&obj, "term")?.unchecked_into(),
        fit: get::<JsValue>(&obj, "fit")?.unchecked_into(),
        search: get::<JsValue>(&obj, "search")?.unchecked_into(),
        ws: RefCell::new(None),
        pending: RefCell::new(VecDeque::new()),
        rendered: Cell::new(0),
        acked: Cell::new(0),
        last_pong: Cell::new(js_sys::Date::now()),
        write_done: RefCell::new(None),
        keep: RefCell::new(Vec::new()),
        ws_keep: RefCell::new(Vec::new()),
        observer: RefCell::new(None),
        ping: RefCell::new(None),
    });
    client.wire(&el);
    client.connect();
    Ok(client)
}

impl Client {
    fn wire(self: &Rc<Self>, el: &HtmlElement) {
        // Rendered bytes → acknowledgements.
        let me = Rc::downgrade(self);
        *self.write_done.borrow_mut() = Some(Closure::new(move || {
            if let Some(c) = me.upgrade() {
                let n = c.pending.borrow_mut().pop_front().unwrap_or(0);
                c.rendered.set(c.rendered.get() + n);
                if c.rendered.get() - c.acked.get() >= ACK_EVERY {
                    c.acked.set(c.rendered.get());
                    c.control(&ClientMsg::Ack { bytes: c.rendered.get() });
                }
            }
        }));

        // Typed input, with the key bar's sticky modifiers.
        let me = Rc::downgrade(self);
        let on_data = Closure::<dyn FnMut(String)>::new(move |data: String| {
            if let Some(c) = me.upgrade() {
                let (ctrl, alt) = (c.ui.ctrl.get_untracked(), c.ui.alt.get_untracked());
                let data = if ctrl || alt {
                    c.ui.ctrl.set(false);
                    c.ui.alt.set(false);
                    keys::apply(&data, ctrl, alt)
                } else {
                    data
                };
                c.send_bytes(data.as_bytes());
            }
        });
        self.term.on_data(&on_data);

        let me = Rc::downgrade(self);
        let on_resize = Closure::<dyn FnMut(JsValue)>::new(move |size: JsValue| {
            let n = |k: &str| Reflect::get(&size, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
            if let Some(c) = me.upgrade() {
                c.control(&ClientMsg::Resize { cols: n("cols"), rows: n("rows") });
            }
        });
        self.term.on_resize(&on_resize);

        // Copy on select.
        let me = Rc::downgrade(self);
        let on_select = Closure::<dyn FnMut()>::new(move || {
            if let Some(c) = me.upgrade() {
                let text = c.term.get_selection();
                if !text.is_empty() {
                    let _ = window().navigator().clipboard().write_text(&text);
                }
            }
        });
        self.term.on_selection_change(&on_select);

        // Ctrl+F opens search; Ctrl+Shift+C copies. Everything else reaches the shell.
        let ui = self.ui;
        let on_key = Closure::<dyn FnMut(web_sys::KeyboardEvent) -> bool>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.type_() != "keydown" || !ev.ctrl_key() {
                return true;
            }
            match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
                ("f", false) => {
                    ev.prevent_default();
                    ui.search_open.set(true);
                    false
                }
                ("c", true) | ("v", true) => false,
                _ => true,
            }
        });
        self.term.attach_custom_key_event_handler(&on_key);

        // Fit to the container whenever it changes size (window, rotation, soft keyboard).
        let me = Rc::downgrade(self);
        let on_box = Closure::<dyn FnMut()>::new(move || {
            if let Some(c) = me.upgrade() {
                c.fit.fit();
            }
        });
        if let Ok(obs) = web_sys::ResizeObserver::new(on_box.as_ref().unchecked_ref()) {
            obs.observe(el);
            *self.observer.borrow_mut() = Some(obs);
        }

        let me = Rc::downgrade(self);
        let ping = set_interval_with_handle(
            move || {
                if let Some(c) = me.upgrade() {
                    c.heartbeat();
                }
            },
            std::time::Duration::from_millis(PING_EVERY_MS),
        );
        *self.ping.borrow_mut() = ping.ok();

        let mut keep = self.keep.borrow_mut();
        keep.push(Box::new(on_data));
        keep.push(Box::new(on_resize));
        keep.push(Box::new(on_select));
        keep.push(Box::new(on_key));
        keep.push(Box::new(on_box));
    }

    /// Opens (or re-opens) the WebSocket. The screen is kept; a reconnect is marked.
    pub fn connect(self: &Rc<Self>) {
        self.drop_socket();
        self.pending.borrow_mut().clear();
        self.rendered.set(0);
        self.acked.set(0);
        self.last_pong.set(js_sys::Date::now());
        self.ui.status.set(Status::Connecting);
        self.ui.prompt.set(None);
        let loc = window().location();
        let scheme = if loc.protocol().as_deref() == Ok("https:") { "wss" } else { "ws" };
        let url = format!(
            "{scheme}://{}{PATH}?host={}&cols={}&rows={}",
            loc.host().unwrap_or_default(),
            self.host_id,
            self.term.cols(),
            self.term.rows()
        );
        let ws = match WebSocket::new(&url) {
            Ok(ws) => ws,
            Err(_) => {
                self.ui.status.set(Status::Failed("the browser refused to open a WebSocket".into()));
                return;
            }
        };
        ws.set_binary_type(BinaryType::Arraybuffer);

        let me = Rc::downgrade(self);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some(c) = me.upgrade() else { return };
            let data = ev.data();
            if let Some(buf) = data.dyn_ref::<js_sys::ArrayBuffer>() {
                let bytes = Uint8Array::new(buf);
                c.pending.borrow_mut().push_back(u64::from(bytes.length()));
                if let Some(done) = c.write_done.borrow().as_ref() {
                    c.term.write_bytes(&bytes, done.as_ref().unchecked_ref());
                }
            } else if let Some(text) = data.as_string() {
                if let Ok(msg) = serde_json::from_str::<ServerMsg>(&text) {
                    c.on_control(msg);
                }
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        let me = Rc::downgrade(self);
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_ev: CloseEvent| {
            if let Some(c) = me.upgrade() {
                if matches!(c.ui.status.get_untracked(), Status::Connecting | Status::Ready) {
                    c.ui.status.set(Status::Disconnected);
                }
            }
        });
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));

        let mut keep = self.ws_keep.borrow_mut();
        keep.push(Box::new(on_message));
        keep.push(Box::new(on_close));
        *self.ws.borrow_mut() = Some(ws);
    }

    fn on_control(&self, msg: ServerMsg) {
        match msg {
            ServerMsg::Ready { session, .. } => {
                self.ui.session.set(Some(session));
                self.ui.status.set(Status::Ready);
                self.term.focus();
            }
            ServerMsg::Exit { code, signal } => self.ui.status.set(Status::Exited { code, signal }),
            ServerMsg::Error { message, host_key } => {
                self.ui.prompt.set(host_key);
                self.ui.status.set(Status::Failed(message));
            }
            ServerMsg::Pong => self.last_pong.set(js_sys::Date::now()),
        }
    }

    fn heartbeat(&self) {
        if self.ui.status.get_untracked() != Status::Ready {
            return;
        }
        if js_sys::Date::now() - self.last_pong.get() > PONG_TIMEOUT_MS {
            self.drop_socket();
            self.ui.status.set(Status::Disconnected);
            return;
        }
        self.control(&ClientMsg::Ping);
    }

    fn control(&self, msg: &ClientMsg) {
        if let (Some(ws), Ok(text)) = (self.ws.borrow().as_ref(), serde_json::to_string(msg)) {
            if ws.ready_state() == WebSocket::OPEN {
                let _ = ws.send_with_str(&text);
            }
        }
    }

    fn send_bytes(&self, data: &[u8]) {
        if let Some(ws) = self.ws.borrow().as_ref() {
            if ws.ready_state() == WebSocket::OPEN {
                let _ = ws.send_with_u8_array(data);
            }
        }
    }

    /// A key from the on-screen bar, sent as if typed (so modifiers apply).
    pub fn key(&self, label: &str, seq: &str) {
        let app_mode = Reflect::get(&self.term.modes(), &"applicationCursorKeysMode".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
        let data = match label {
            "←" | "↑" | "↓" | "→" => keys::arrow(seq, app_mode),
            _ => seq.to_owned(),
        };
        self.term.input(&data, true);
        self.term.focus();
    }

    pub fn set_font_size(&self, px: u32) {
        let _ = Reflect::set(&self.term.options(), &"fontSize".into(), &f64::from(px).into());
        self.fit.fit();
    }

    pub fn find(&self, text: &str, forward: bool) -> bool {
        if forward {
            self.search.find_next(text)
        } else {
            self.search.find_previous(text)
        }
    }

    pub fn end_search(&self) {
        self.search.clear_decorations();
        self.term.focus();
    }

    pub fn note(&self, text: &str) {
        self.term.write_str(&format!("\r\n\u{1b}[2m{text}\u{1b}[0m\r\n"));
    }

    fn drop_socket(&self) {
        if let Some(ws) = self.ws.borrow_mut().take() {
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
        self.ws_keep.borrow_mut().clear();
    }

    pub fn dispose(&self) {
        self.drop_socket();
        if let Some(p) = self.ping.borrow_mut().take() {
            p.clear();
        }
        if let Some(o) = self.observer.borrow_mut().take() {
            o.disconnect();
        }
        self.term.dispose();
        self.keep.borrow_mut().clear();
    }
}
