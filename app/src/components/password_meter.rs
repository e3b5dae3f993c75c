//! A live password strength meter. The score is a rough guessing-resistance
//! estimate (length and character variety); the server enforces the minimum.

use leptos::prelude::*;

pub const MIN_LEN: usize = 12;

/// 0 (too short) to 4 (strong).
pub fn strength(pw: &str) -> u8 {
    let len = pw.chars().count();
    if len < MIN_LEN {
        return 0;
    }
    let classes = [
        pw.chars().any(|c| c.is_ascii_lowercase()),
        pw.chars().any(|c| c.is_ascii_uppercase()),
        pw.chars().any(|c| c.is_ascii_digit()),
        pw.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let distinct = {
        let mut v: Vec<char> = pw.chars().collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    if distinct < 5 {
        return 1;
    }
    match (len, classes) {
        (l, c) if l >= 20 || (l >= 16 && c >= 3) => 4,
        (l, c) if l >= 14 || c >= 3 => 3,
        _ => 2,
    }
}

pub fn label(score: u8) -> &'static str {
    match score {
        0 => "Too short — at least 12 characters",
        1 => "Weak — too repetitive",
        2 => "Fair",
        3 => "Good",
        _ => "Strong",
    }
}

#[component]
pub fn PasswordMeter(password: RwSignal<String>) -> impl IntoView {
    let score = move || strength(&password.get());
    view! {
        <div class="meter" data-score=move || score().to_string() aria-live="polite">
            <div class="meter-bar"><span style=move || format!("width: {}%", (score() as u32 + 1) * 20)></span></div>
            <span class="meter-label">{move || if password.get().is_empty() { "" } else { label(score()) }}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores() {
        assert_eq!(strength("short"), 0);
        assert_eq!(strength("aaaaaaaaaaaaaaa"), 1);
        assert_eq!(strength("horsebattery"), 2);
        assert_eq!(strength("Horse battery 9"), 3);
        assert_eq!(strength("correct horse battery staple"), 4);
    }
}
