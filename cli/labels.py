"""Words of the text output in each language (the knowledge's own wording, nutrient names included,
lives in rules/messages.yaml)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "person": "Person", "groups": "Groups", "sun": "Sun", "none": "none", "unknown": "unknown",
        "amounts": "Daily amounts", "nutrient": "Nutrient", "kind": "Kind", "amount": "Amount",
        "form": "Form", "rule": "Rule", "sources": "Sources", "now": "You take now",
        "supplement": "supplement", "total_intake": "total (food + supplements)",
        "warnings": "Warnings", "notes": "Notes and assumptions", "why": "Why: the rules that fired, in order",
        "overridden": "yielded to {rule}", "unsaid": "its warning is not said (no amount above its figure)",
        "derived": "derived", "no_amounts": "No amounts are given.",
        "out_of_scope": "Out of scope", "below": "below", "within": "within", "above": "above",
        "low": "little sun", "enough": "enough sun", "matched": "matched",
        "disclaimer": ("This is information from the article and the references it is checked against, "
                       "not a diagnosis or medical advice. Ask a clinician before you change what you take."),
        "kb": "knowledge base",
        "reference": "Reference values for you (total intake from food and supplements)",
        "upper_limit": "upper limit",
        "not_given": "not given", "always": "always", "colon": ": ", "list_separator": ", ",
        "fact_separator": "; ", "open": " (", "close": ")",
    },
    "zh-Hant": {
        "person": "個人資料", "groups": "群組", "sun": "日曬", "none": "無", "unknown": "未知",
        "amounts": "每日建議量", "nutrient": "營養素", "kind": "類別", "amount": "份量",
        "form": "形式", "rule": "規則", "sources": "出處", "now": "目前服用",
        "supplement": "補充劑", "total_intake": "總攝取量（飲食＋補充劑）",
        "warnings": "警示", "notes": "說明與假設", "why": "原因：依序觸發的規則",
        "overridden": "由 {rule} 取代", "unsaid": "其警示不顯示（沒有超過其門檻的量）",
        "derived": "推得", "no_amounts": "不提供建議量。",
        "out_of_scope": "超出範圍", "below": "低於", "within": "符合", "above": "高於",
        "low": "日曬較少", "enough": "陽光充足", "matched": "符合",
        "disclaimer": "以上內容為文章及其所對照之權威文獻的資訊，並非診斷或醫療建議。調整補充劑前請諮詢醫療人員。",
        "kb": "知識庫",
        "reference": "適用於您的參考值（飲食加補充劑的總攝取量）",
        "upper_limit": "上限",
        "not_given": "未提供", "always": "一律適用", "colon": "：", "list_separator": "、",
        "fact_separator": "；", "open": "（", "close": "）",
    },
}
