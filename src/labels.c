/*
 * labels.c - the words on the generated pages (see labels.h).
 *
 * One row per language: the labels in enum mk_label order and the
 * labels of the roles books credit most (role_codes[]), sorted by tag
 * for bsearch.  English has no role column: the MARC list's labels
 * (marc.c) are English already.  A tag finds its row by dropping
 * subtags from the end, through a small table of aliases (old and
 * macro-language codes, Chinese regions written in Traditional
 * characters).
 */
#include "labels.h"

#include <stdlib.h>
#include <string.h>

#include "marc.h"
#include "suggest.h"

static const char *const key_names[MK_LABEL_COUNT] = {
    "contents", "landmarks", "pages", "cover", "start", "credits",
    "creator", "contributor", "publisher", "published", "source",
    "rights", "credit", "series", "isbn",
};

#define N_ROLES 8

/* Sorted; the columns of struct row's roles. */
static const char *const role_codes[N_ROLES] = {
    "aut", "cov", "ctb", "edt", "ill", "nrt", "pht", "trl",
};

struct row {
    const char *tag;                    /* lowercase */
    const char *text[MK_LABEL_COUNT];
    const char *roles[N_ROLES];         /* NULL: the MARC label */
};

/* Sorted by tag (strcmp); test_labels checks order and completeness. */
static const struct row rows[] = {
    { "ar",
      { "المحتويات", "معالم الكتاب", "الصفحات", "الغلاف", "بداية المحتوى",
        "بيانات النشر", "المؤلف", "مساهم", "الناشر", "تاريخ النشر",
        "المصدر", "الحقوق", "إسهام", "السلسلة", "ردمك" },
      { "تأليف", "تصميم الغلاف", "مشاركة", "تحرير", "رسوم", "قراءة",
        "تصوير", "ترجمة" } },
    { "cs",
      { "Obsah", "Orientační body", "Stránky", "Obálka", "Začátek obsahu",
        "Tiráž", "Tvůrce", "Spolupracovník", "Nakladatel", "Datum vydání",
        "Zdroj", "Práva", "Spolupráce", "Edice", "ISBN" },
      { "Autor", "Obálka", "Spolupráce", "Redakce", "Ilustrace",
        "Vypravěč", "Fotografie", "Překlad" } },
    { "de",
      { "Inhalt", "Orientierungspunkte", "Seiten", "Umschlag",
        "Beginn des Inhalts", "Impressum", "Urheber", "Mitwirkende",
        "Verlag", "Erschienen", "Quelle", "Rechte", "Nachweis", "Reihe",
        "ISBN" },
      { "Autor", "Umschlaggestaltung", "Mitwirkung", "Herausgeber",
        "Illustrationen", "Sprecher", "Fotografie", "Übersetzung" } },
    { "en",
      { "Contents", "Landmarks", "Pages", "Cover", "Start of content",
        "Credits", "Creator", "Contributor", "Publisher", "Published",
        "Source", "Rights", "Credit", "Series", "ISBN" },
      { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL } },
    { "es",
      { "Índice", "Puntos de referencia", "Páginas", "Cubierta",
        "Inicio del contenido", "Créditos", "Creador", "Colaborador",
        "Editorial", "Fecha de publicación", "Fuente", "Derechos",
        "Crédito", "Serie", "ISBN" },
      { "Autor", "Diseño de cubierta", "Colaboración", "Edición",
        "Ilustraciones", "Narración", "Fotografía", "Traducción" } },
    { "fa",
      { "فهرست مطالب", "نشانه‌ها", "صفحه‌ها", "جلد", "آغاز متن",
        "شناسنامه", "پدیدآورنده", "همکار", "ناشر", "تاریخ نشر", "منبع",
        "حقوق", "همکاری", "مجموعه", "شابک" },
      { "نویسنده", "طراح جلد", "همکار", "ویراستار", "تصویرگر", "گوینده",
        "عکاس", "مترجم" } },
    { "fr",
      { "Table des matières", "Repères", "Pages", "Couverture",
        "Début du contenu", "Crédits", "Créateur", "Contributeur",
        "Éditeur", "Date de publication", "Source", "Droits", "Crédit",
        "Série", "ISBN" },
      { "Auteur", "Conception de la couverture", "Contribution",
        "Direction éditoriale", "Illustrations", "Narration",
        "Photographies", "Traduction" } },
    { "he",
      { "תוכן העניינים", "ציוני דרך", "עמודים", "כריכה", "תחילת התוכן",
        "קרדיטים", "יוצר", "משתתף", "הוצאה לאור", "תאריך פרסום", "מקור",
        "זכויות", "קרדיט", "סדרה", "מסת״ב" },
      { "מחבר", "עיצוב עטיפה", "השתתפות", "עריכה", "איור", "קריינות",
        "צילום", "תרגום" } },
    { "hi",
      { "विषय-सूची", "स्थलचिह्न", "पृष्ठ", "आवरण", "सामग्री का आरंभ", "श्रेय",
        "रचनाकार", "सहयोगी", "प्रकाशक", "प्रकाशन तिथि", "स्रोत", "अधिकार",
        "श्रेय", "शृंखला", "ISBN" },
      { "लेखक", "आवरण सज्जा", "सहयोगी", "संपादक", "चित्रांकन", "वाचक",
        "छायांकन", "अनुवादक" } },
    { "id",
      { "Daftar Isi", "Penanda", "Halaman", "Sampul", "Awal isi",
        "Kredit", "Pencipta", "Kontributor", "Penerbit", "Tanggal terbit",
        "Sumber", "Hak", "Kredit", "Seri", "ISBN" },
      { "Penulis", "Desain sampul", "Kontributor", "Penyunting",
        "Ilustrator", "Narator", "Foto", "Penerjemah" } },
    { "it",
      { "Indice", "Punti di riferimento", "Pagine", "Copertina",
        "Inizio del contenuto", "Crediti", "Creatore", "Collaboratore",
        "Editore", "Data di pubblicazione", "Fonte", "Diritti", "Credito",
        "Serie", "ISBN" },
      { "Autore", "Progetto di copertina", "Collaborazione", "A cura di",
        "Illustrazioni", "Voce narrante", "Fotografie", "Traduzione" } },
    { "ja",
      { "目次", "ランドマーク", "ページ", "表紙", "本文", "クレジット",
        "作成者", "協力者", "出版社", "発行日", "出典", "権利",
        "クレジット", "シリーズ", "ISBN" },
      { "著者", "装丁", "協力", "編集", "イラスト", "朗読", "写真",
        "翻訳" } },
    { "ko",
      { "목차", "랜드마크", "페이지", "표지", "본문 시작", "판권",
        "창작자", "기여자", "출판사", "발행일", "출처", "저작권",
        "크레디트", "시리즈", "ISBN" },
      { "저자", "표지 디자인", "기여자", "편집", "일러스트", "낭독",
        "사진", "번역" } },
    { "nl",
      { "Inhoud", "Oriëntatiepunten", "Pagina's", "Omslag",
        "Begin van de inhoud", "Colofon", "Maker", "Medewerker",
        "Uitgever", "Verschenen", "Bron", "Rechten", "Vermelding", "Reeks",
        "ISBN" },
      { "Auteur", "Omslagontwerp", "Medewerking", "Redactie",
        "Illustraties", "Verteller", "Fotografie", "Vertaling" } },
    { "pl",
      { "Spis treści", "Punkty orientacyjne", "Strony", "Okładka",
        "Początek treści", "Stopka redakcyjna", "Twórca", "Współtwórca",
        "Wydawca", "Data wydania", "Źródło", "Prawa", "Udział", "Seria",
        "ISBN" },
      { "Autor", "Projekt okładki", "Współpraca", "Redakcja", "Ilustracje",
        "Lektor", "Zdjęcia", "Przekład" } },
    { "pt",
      { "Sumário", "Pontos de referência", "Páginas", "Capa",
        "Início do conteúdo", "Créditos", "Criador", "Colaborador",
        "Editora", "Data de publicação", "Fonte", "Direitos", "Crédito",
        "Série", "ISBN" },
      { "Autor", "Projeto de capa", "Colaboração", "Edição", "Ilustrações",
        "Narração", "Fotografia", "Tradução" } },
    { "ru",
      { "Содержание", "Ориентиры", "Страницы", "Обложка", "Начало текста",
        "Выходные данные", "Создатель", "Участник", "Издательство",
        "Дата издания", "Источник", "Права", "Участие", "Серия", "ISBN" },
      { "Автор", "Оформление обложки", "Участие", "Редактор",
        "Иллюстрации", "Чтец", "Фотографии", "Перевод" } },
    { "sv",
      { "Innehåll", "Landmärken", "Sidor", "Omslag",
        "Början av innehållet", "Om utgåvan", "Upphov", "Medverkande",
        "Förlag", "Utgiven", "Källa", "Rättigheter", "Medverkan", "Serie",
        "ISBN" },
      { "Författare", "Omslag", "Medverkande", "Redaktör",
        "Illustrationer", "Uppläsare", "Foto", "Översättning" } },
    { "tr",
      { "İçindekiler", "Önemli noktalar", "Sayfalar", "Kapak",
        "İçeriğin başlangıcı", "Künye", "Yaratıcı", "Katkıda bulunan",
        "Yayınevi", "Yayın tarihi", "Kaynak", "Haklar", "Katkı", "Dizi",
        "ISBN" },
      { "Yazar", "Kapak tasarımı", "Katkıda bulunan", "Editör",
        "Resimleyen", "Seslendiren", "Fotoğraflar", "Çeviri" } },
    { "uk",
      { "Зміст", "Орієнтири", "Сторінки", "Обкладинка", "Початок тексту",
        "Вихідні дані", "Творець", "Учасник", "Видавництво",
        "Дата видання", "Джерело", "Права", "Участь", "Серія", "ISBN" },
      { "Автор", "Оформлення обкладинки", "Участь", "Редактор",
        "Ілюстрації", "Читець", "Фотографії", "Переклад" } },
    { "ur",
      { "فہرست", "نشانات", "صفحات", "سرورق", "متن کا آغاز",
        "تفصیلاتِ اشاعت", "تخلیق کار", "معاون", "ناشر", "تاریخِ اشاعت",
        "ماخذ", "حقوق", "اعتراف", "سلسلہ", "ISBN" },
      { "مصنف", "سرورق", "معاون", "مرتب", "مصور", "راوی", "عکاس",
        "مترجم" } },
    { "vi",
      { "Mục lục", "Điểm mốc", "Trang", "Bìa", "Bắt đầu nội dung",
        "Thông tin xuất bản", "Người tạo", "Người đóng góp",
        "Nhà xuất bản", "Ngày xuất bản", "Nguồn", "Bản quyền", "Ghi công",
        "Bộ sách", "ISBN" },
      { "Tác giả", "Thiết kế bìa", "Người đóng góp", "Biên tập",
        "Minh họa", "Người đọc", "Nhiếp ảnh", "Dịch giả" } },
    { "zh",
      { "目录", "地标", "页码", "封面", "正文开始", "版权信息", "创作者",
        "贡献者", "出版社", "出版日期", "来源", "版权", "署名", "丛书",
        "ISBN" },
      { "作者", "封面设计", "贡献者", "编辑", "插图", "朗读", "摄影",
        "译者" } },
    { "zh-hant",
      { "目錄", "地標", "頁碼", "封面", "正文開始", "版權資訊", "創作者",
        "貢獻者", "出版社", "出版日期", "來源", "版權", "署名", "叢書",
        "ISBN" },
      { "作者", "封面設計", "貢獻者", "編輯", "插圖", "朗讀", "攝影",
        "譯者" } },
};

#define N_ROWS (sizeof(rows) / sizeof(*rows))

/* Tags that use another's row, sorted by tag. */
static const struct {
    const char *tag, *row;
} aliases[] = {
    { "arb", "ar" }, { "cmn", "zh" }, { "in", "id" }, { "iw", "he" },
    { "pes", "fa" }, { "prs", "fa" }, { "zh-hans", "zh" },
    { "zh-hk", "zh-hant" }, { "zh-mo", "zh-hant" }, { "zh-tw", "zh-hant" },
};

#define N_ALIASES (sizeof(aliases) / sizeof(*aliases))

/* Longest tag looked at; longer ones are cut at a subtag boundary,
 * which only drops subtags no row depends on. */
#define MAX_TAG 63

static int cmp_row(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct row *)elem)->tag);
}

static const struct row *find_row(const char *tag)
{
    char t[MAX_TAG + 1];
    size_t n, i;

    if (!tag)
        return NULL;
    for (n = 0; tag[n] && n < MAX_TAG; n++)
        t[n] = (char)(tag[n] >= 'A' && tag[n] <= 'Z' ? tag[n] - 'A' + 'a'
                                                     : tag[n]);
    t[n] = '\0';
    if (tag[n]) {       /* cut: drop the partial subtag */
        char *dash = strrchr(t, '-');

        if (dash)
            *dash = '\0';
    }
    for (;;) {
        const struct row *r;
        const char *use = t;
        char *dash;

        for (i = 0; i < N_ALIASES; i++)
            if (strcmp(aliases[i].tag, t) == 0)
                use = aliases[i].row;
        r = bsearch(use, rows, N_ROWS, sizeof(*rows), cmp_row);
        if (r)
            return r;
        dash = strrchr(t, '-');
        if (!dash)
            return NULL;
        *dash = '\0';
    }
}

static int cmp_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

static const struct row *english(void)
{
    return bsearch("en", rows, N_ROWS, sizeof(*rows), cmp_row);
}

static const char *override(const struct mk_book *book, const char *key)
{
    size_t i;

    for (i = 0; i < book->n_labels; i++)
        if (strcmp(book->labels[i].key, key) == 0)
            return book->labels[i].text;
    return NULL;
}

static const char *book_language(const struct mk_book *book)
{
    return book->n_languages ? book->languages[0] : NULL;
}

struct mk_label_text mk_labels_get(const struct mk_book *book,
                                   enum mk_label which)
{
    struct mk_label_text t = { NULL, NULL };
    const struct row *r;

    t.text = override(book, key_names[which]);
    if (t.text)
        return t;
    r = find_row(book_language(book));
    if (!r) {
        r = english();
        t.lang = "en";
    }
    t.text = r->text[which];
    return t;
}

struct mk_label_text mk_labels_role(const struct mk_book *book,
                                    const char *code,
                                    enum mk_label which_if_none)
{
    struct mk_label_text t = { NULL, NULL };
    const struct row *r;
    const char *const *col;
    char key[16] = "role-";
    size_t n;

    if (!code || !mk_marc_label(code))
        return mk_labels_get(book, which_if_none);
    n = strlen(code);   /* a MARC code: 3 letters */
    if (n + 6 > sizeof(key))
        return mk_labels_get(book, which_if_none);
    memcpy(key + 5, code, n + 1);
    t.text = override(book, key);
    if (t.text)
        return t;
    r = find_row(book_language(book));
    col = bsearch(code, role_codes, N_ROLES, sizeof(*role_codes),
                  cmp_code);
    if (r && col && r->roles[col - role_codes]) {
        t.text = r->roles[col - role_codes];
        return t;
    }
    t.text = mk_marc_label(code);
    if (r != english())
        t.lang = "en";
    return t;
}

const char *mk_labels_key(enum mk_label which)
{
    return which < MK_LABEL_COUNT ? key_names[which] : NULL;
}

int mk_labels_key_is_known(const char *key)
{
    size_t i;

    if (!key)
        return 0;
    if (strncmp(key, "role-", 5) == 0)
        return mk_marc_label(key + 5) != NULL;
    for (i = 0; i < MK_LABEL_COUNT; i++)
        if (strcmp(key_names[i], key) == 0)
            return 1;
    return 0;
}

const char *mk_labels_suggest(const char *key)
{
    static const char *const role_keys[N_ROLES] = {
        "role-aut", "role-cov", "role-ctb", "role-edt", "role-ill",
        "role-nrt", "role-pht", "role-trl",
    };
    const char *hint;

    if (!key)
        return NULL;
    hint = mk_suggest(key, key_names, MK_LABEL_COUNT, 2);
    if (!hint)
        hint = mk_suggest(key, role_keys, N_ROLES, 1);
    return hint;
}

const char *mk_labels_language(size_t i)
{
    return i < N_ROWS ? rows[i].tag : NULL;
}

const char *mk_labels_row_for(const char *tag)
{
    const struct row *r = find_row(tag);

    return r ? r->tag : NULL;
}
