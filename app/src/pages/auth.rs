//! First-run setup and sign-in. Both work before and after hydration: the forms
//! post to their server functions, and the WASM build adds live feedback.

use crate::api::auth::{LoginResult, Login, SetupAdmin};
use crate::components::password_meter::PasswordMeter;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Sends the browser to `path` with a full page load, so the new session cookie
/// and everything it unlocks are rendered fresh by the server.
pub fn go(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[component]
fn AuthCard(title: &'static str, subtitle: &'static str, children: Children) -> impl IntoView {
    // Set once the WASM has taken over (tests wait for it before typing).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <main class="auth-page" data-hydrated=move || hydrated.get().to_string()>
            <div class="auth-card">
                <div class="auth-brand"><img src="/icons/icon.svg" alt="" width="40" height="40"/><span>"ArchNest"</span></div>
                <h1>{title}</h1>
                <p class="muted">{subtitle}</p>
                {children()}
            </div>
        </main>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let action = ServerAction::<SetupAdmin>::new();
    let password = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(next)) = action.value().get() {
            go(&next);
        }
    });
    view! {
        <Title text="Set up"/>
        <AuthCard title="Welcome to ArchNest" subtitle="Create the administrator account. You can add more later.">
            <ActionForm action=action attr:class="form" attr:id="setup-form">
                <label>"Username"<input name="username" autocomplete="username" required minlength="2" maxlength="64" autofocus/></label>
                <label>
                    "Password"
                    <input name="password" type="password" autocomplete="new-password" required minlength="12"
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <PasswordMeter password=password/>
                <label>"Confirm password"<input name="confirm" type="password" autocomplete="new-password" required minlength="12"/></label>
                <ErrorLine value=action.value()/>
                <button class="button" type="submit" disabled=move || action.pending().get()>"Create admin"</button>
            </ActionForm>
        </AuthCard>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".into());
    let need_code = RwSignal::new(false);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(LoginResult::SignedIn { next })) => go(&next),
        Some(Ok(LoginResult::NeedCode)) => need_code.set(true),
        _ => {}
    });
    view! {
        <Title text="Sign in"/>
        <AuthCard title="Sign in" subtitle="Your self-hosted infrastructure console.">
            <ActionForm action=action attr:class="form" attr:id="login-form">
                <input type="hidden" name="next" prop:value=next/>
                <div class:hidden=move || need_code.get()>
                    <label>"Username"<input name="username" autocomplete="username" required autofocus/></label>
                    <label>"Password"<input name="password" type="password" autocomplete="current-password" required/></label>
                </div>
                <Show when=move || need_code.get()>
                    <label>
                        "Two-factor code"
                        <input name="code" id="totp-code" inputmode="numeric" autocomplete="one-time-code" required autofocus
                            placeholder="123456 or a recovery code"/>
                    </label>
                    <p class="muted small">"Enter the 6-digit code from your authenticator app, or one of your recovery codes."</p>
                </Show>
                <ErrorLine value=action.value()/>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || if need_code.get() { "Verify" } else { "Sign in" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}

/// Shows the error of the last submission, if any.
#[component]
pub fn ErrorLine<S, T>(value: S) -> impl IntoView
where
    S: Get<Value = Option<Result<T, crate::AppError>>> + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{e.to_string()}</p> }),
        _ => None,
    }
}
