//! wasm-bindgen bindings to the parts of xterm.js ArchNest uses.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/components/terminal/xterm_glue.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = createTerminal)]
    pub async fn create_terminal(element: &web_sys::HtmlElement, font_size: f64, theme: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    pub type XTerm;

    #[wasm_bindgen(method, js_name = write)]
    pub fn write_bytes(this: &XTerm, data: &js_sys::Uint8Array, callback: &js_sys::Function);
    #[wasm_bindgen(method, js_name = write)]
    pub fn write_str(this: &XTerm, data: &str);
    #[wasm_bindgen(method)]
    pub fn input(this: &XTerm, data: &str, was_user_input: bool);
    #[wasm_bindgen(method, js_name = onData)]
    pub fn on_data(this: &XTerm, callback: &Closure<dyn FnMut(String)>) -> JsValue;
    #[wasm_bindgen(method, js_name = onResize)]
    pub fn on_resize(this: &XTerm, callback: &Closure<dyn FnMut(JsValue)>) -> JsValue;
    #[wasm_bindgen(method, js_name = onSelectionChange)]
    pub fn on_selection_change(this: &XTerm, callback: &Closure<dyn FnMut()>) -> JsValue;
    #[wasm_bindgen(method, js_name = attachCustomKeyEventHandler)]
    pub fn attach_custom_key_event_handler(this: &XTerm, callback: &Closure<dyn FnMut(web_sys::KeyboardEvent) -> bool>);
    #[wasm_bindgen(method, js_name = getSelection)]
    pub fn get_selection(this: &XTerm) -> String;
    #[wasm_bindgen(method, getter)]
    pub fn cols(this: &XTerm) -> u32;
    #[wasm_bindgen(method, getter)]
    pub fn rows(this: &XTerm) -> u32;
    #[wasm_bindgen(method, getter)]
    pub fn options(this: &XTerm) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn modes(this: &XTerm) -> JsValue;
    #[wasm_bindgen(method)]
    pub fn focus(this: &XTerm);
    #[wasm_bindgen(method)]
    pub fn reset(this: &XTerm);
    #[wasm_bindgen(method)]
    pub fn dispose(this: &XTerm);

    pub type FitAddon;
    #[wasm_bindgen(method)]
    pub fn fit(this: &FitAddon);

    pub type SearchAddon;
    #[wasm_bindgen(method, js_name = findNext)]
    pub fn find_next(this: &SearchAddon, term: &str) -> bool;
    #[wasm_bindgen(method, js_name = findPrevious)]
    pub fn find_previous(this: &SearchAddon, term: &str) -> bool;
    #[wasm_bindgen(method, js_name = clearDecorations)]
    pub fn clear_decorations(this: &SearchAddon);
}
