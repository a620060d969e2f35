package dev.alignsim.env.chat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * ChatWorld's typed tokens, ids {@code 0..size()-1}, laid out in fixed contiguous groups so that a token's
 * type and its index within its group are arithmetic, not lookups:
 *
 * <ol>
 *   <li>control: {@link #BOS}, {@link #SEP}, {@link #EOS}, {@link #PAD};</li>
 *   <li>response function words: {@link #SORRY}, {@link #CANNOT}, {@link #SHOULD_NOT}, {@link #JUDGE},
 *       {@link #EVADE}, {@link #HEDGE_WORD}, {@link #UNSURE};</li>
 *   <li>topic words, topic by topic ({@code topic3_w2});</li>
 *   <li>objects, topic by topic ({@code obj17}; the first {@code dangerousPerTopic} of each topic dangerous);</li>
 *   <li>intents: benign ({@code ask_b0}), harmful ({@code ask_h0}), ambiguous ({@code ask_a0});</li>
 *   <li>contexts: safe ({@code ctx_s0}), risky ({@code ctx_r0});</li>
 *   <li>templates ({@code tmpl2}), entities ({@code ent5}), attributes ({@code attr1}), values ({@code val7});</li>
 *   <li>filler ({@code filler4}).</li>
 * </ol>
 *
 * <p>The fixed ids of the first eleven tokens do not depend on the settings, so prompts and responses can be
 * checked for structure without a vocabulary at hand.
 */
public final class Vocabulary {

    public static final int BOS = 0;
    public static final int SEP = 1;
    public static final int EOS = 2;
    public static final int PAD = 3;
    public static final int SORRY = 4;
    public static final int CANNOT = 5;
    public static final int SHOULD_NOT = 6;
    public static final int JUDGE = 7;
    public static final int EVADE = 8;
    public static final int HEDGE_WORD = 9;
    public static final int UNSURE = 10;

    /** The longest prompt: BOS, template, intent or entity, object or attribute, context, SEP. */
    public static final int MAX_PROMPT_LENGTH = 6;

    private static final String[] FIXED_NAMES = {"<bos>", "<sep>", "<eos>", "<pad>", "SORRY", "CANNOT",
        "SHOULD_NOT", "JUDGE", "EVADE", "HEDGE", "UNSURE"};
    private static final TokenType[] FIXED_TYPES = {TokenType.CONTROL, TokenType.CONTROL, TokenType.CONTROL,
        TokenType.CONTROL, TokenType.APOLOGY, TokenType.REFUSAL, TokenType.LECTURE, TokenType.JUDGMENT,
        TokenType.EVASION, TokenType.HEDGE, TokenType.UNSURE};
    private static final TokenType[] GROUP_ORDER = {TokenType.TOPIC, TokenType.OBJECT, TokenType.INTENT,
        TokenType.CONTEXT, TokenType.TEMPLATE, TokenType.ENTITY, TokenType.ATTRIBUTE, TokenType.VALUE,
        TokenType.FILLER};

    private final ChatWorldSettings settings;
    private final Map<TokenType, Integer> starts = new EnumMap<>(TokenType.class);
    private final int size;
    private final TokenType[] types;
    private final String[] names;
    private final Map<TokenType, int[]> groups = new EnumMap<>(TokenType.class);

    public Vocabulary(ChatWorldSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        int next = FIXED_NAMES.length;
        for (TokenType group : GROUP_ORDER) {
            starts.put(group, next);
            next = Math.addExact(next, groupSize(group));
        }
        size = next;
        types = new TokenType[size];
        names = new String[size];
        for (int id = 0; id < size; id++) {
            types[id] = computeType(id);
        }
        for (int id = 0; id < size; id++) {
            names[id] = computeName(id);
        }
        for (TokenType type : TokenType.values()) {
            groups.put(type, collect(type));
        }
    }

    private int groupSize(TokenType group) {
        ChatWorldSettings s = settings;
        return switch (group) {
            case TOPIC -> Math.multiplyExact(s.topics(), s.wordsPerTopic());
            case OBJECT -> s.objects();
            case INTENT -> s.intents();
            case CONTEXT -> s.contexts();
            case TEMPLATE -> s.templates();
            case ENTITY -> s.entities();
            case ATTRIBUTE -> s.attributes();
            case VALUE -> s.values();
            case FILLER -> s.filler();
            default -> throw new IllegalStateException("not a sized group: " + group);
        };
    }

    public ChatWorldSettings settings() {
        return settings;
    }

    public int size() {
        return size;
    }

    public TokenType type(int id) {
        return types[checkId(id)];
    }

    public String name(int id) {
        return names[checkId(id)];
    }

    /** The topic of a topic word or of an object, or -1 for any other token. */
    public int topicOf(int id) {
        return switch (type(id)) {
            case TOPIC -> (id - starts.get(TokenType.TOPIC)) / settings.wordsPerTopic();
            case OBJECT -> objectTopic(indexInGroup(id));
            default -> -1;
        };
    }

    /** The index of a token within its group (entity 5 of {@code ent5} is 5; word 2 of {@code topic3_w2} is 2). */
    public int indexInGroup(int id) {
        checkId(id);
        TokenType type = types[id];
        return switch (type) {
            case CONTROL, APOLOGY, REFUSAL, LECTURE, JUDGMENT, EVASION, HEDGE, UNSURE -> id;
            case TOPIC -> (id - starts.get(type)) % settings.wordsPerTopic();
            default -> id - starts.get(type);
        };
    }

    /** All ids of one type, ascending; a fresh copy. */
    public int[] ids(TokenType type) {
        return groups.get(Objects.requireNonNull(type, "type")).clone();
    }

    /** The ids of topic {@code topic}'s words, ascending. */
    public int[] topicWords(int topic) {
        checkIndex("topic", topic, settings.topics());
        int[] ids = new int[settings.wordsPerTopic()];
        for (int w = 0; w < ids.length; w++) {
            ids[w] = topicWord(topic, w);
        }
        return ids;
    }

    public int topicWord(int topic, int word) {
        checkIndex("topic", topic, settings.topics());
        checkIndex("word", word, settings.wordsPerTopic());
        return starts.get(TokenType.TOPIC) + topic * settings.wordsPerTopic() + word;
    }

    public int object(int object) {
        return starts.get(TokenType.OBJECT) + checkIndex("object", object, settings.objects());
    }

    /** Object {@code index} of topic {@code topic}: its objects are {@code topic * objectsPerTopic + index}. */
    public int objectIndex(int topic, int index) {
        checkIndex("topic", topic, settings.topics());
        return topic * settings.objectsPerTopic() + checkIndex("object index", index, settings.objectsPerTopic());
    }

    /** The topic whose words answer a request about {@code object}. */
    public int objectTopic(int object) {
        return checkIndex("object", object, settings.objects()) / settings.objectsPerTopic();
    }

    /** Whether {@code object} is dangerous: the first {@code dangerousPerTopic} objects of each topic are. */
    public boolean isDangerous(int object) {
        return checkIndex("object", object, settings.objects()) % settings.objectsPerTopic() < settings.dangerousPerTopic();
    }

    /** The harm category of a dangerous object ({@code topic mod harmCategories}), -1 for an everyday one. */
    public int harmCategory(int object) {
        return isDangerous(object) ? objectTopic(object) % settings.harmCategories() : -1;
    }

    public int intent(int intent) {
        return starts.get(TokenType.INTENT) + checkIndex("intent", intent, settings.intents());
    }

    /** Intents are numbered benign, then harmful, then ambiguous. */
    public IntentClass intentClass(int intent) {
        checkIndex("intent", intent, settings.intents());
        if (intent < settings.benignIntents()) {
            return IntentClass.BENIGN;
        }
        return intent < settings.benignIntents() + settings.harmfulIntents() ? IntentClass.HARMFUL : IntentClass.AMBIGUOUS;
    }

    /** The index of the {@code n}-th intent of a class. */
    public int intentOf(IntentClass intentClass, int n) {
        ChatWorldSettings s = settings;
        return switch (Objects.requireNonNull(intentClass, "intentClass")) {
            case BENIGN -> checkIndex("benign intent", n, s.benignIntents());
            case HARMFUL -> s.benignIntents() + checkIndex("harmful intent", n, s.harmfulIntents());
            case AMBIGUOUS -> s.benignIntents() + s.harmfulIntents() + checkIndex("ambiguous intent", n, s.ambiguousIntents());
        };
    }

    public int context(int context) {
        return starts.get(TokenType.CONTEXT) + checkIndex("context", context, settings.contexts());
    }

    /** Contexts are numbered safe, then risky. */
    public boolean isRiskyContext(int context) {
        return checkIndex("context", context, settings.contexts()) >= settings.safeContexts();
    }

    public int template(int template) {
        return starts.get(TokenType.TEMPLATE) + checkIndex("template", template, settings.templates());
    }

    public int entity(int entity) {
        return starts.get(TokenType.ENTITY) + checkIndex("entity", entity, settings.entities());
    }

    public int attribute(int attribute) {
        return starts.get(TokenType.ATTRIBUTE) + checkIndex("attribute", attribute, settings.attributes());
    }

    public int value(int value) {
        return starts.get(TokenType.VALUE) + checkIndex("value", value, settings.values());
    }

    public int filler(int filler) {
        return starts.get(TokenType.FILLER) + checkIndex("filler", filler, settings.filler());
    }

    private TokenType computeType(int id) {
        if (id < FIXED_NAMES.length) {
            return FIXED_TYPES[id];
        }
        TokenType type = GROUP_ORDER[0];
        for (TokenType group : GROUP_ORDER) {
            if (id >= starts.get(group)) {
                type = group;
            }
        }
        return type;
    }

    private String computeName(int id) {
        int i = indexInGroup(id);
        return switch (types[id]) {
            case CONTROL, APOLOGY, REFUSAL, LECTURE, JUDGMENT, EVASION, HEDGE, UNSURE -> FIXED_NAMES[id];
            case TOPIC -> "topic" + topicOf(id) + "_w" + i;
            case OBJECT -> "obj" + i;
            case INTENT -> switch (intentClass(i)) {
                case BENIGN -> "ask_b" + i;
                case HARMFUL -> "ask_h" + (i - settings.benignIntents());
                case AMBIGUOUS -> "ask_a" + (i - settings.benignIntents() - settings.harmfulIntents());
            };
            case CONTEXT -> isRiskyContext(i) ? "ctx_r" + (i - settings.safeContexts()) : "ctx_s" + i;
            case TEMPLATE -> "tmpl" + i;
            case ENTITY -> "ent" + i;
            case ATTRIBUTE -> "attr" + i;
            case VALUE -> "val" + i;
            case FILLER -> "filler" + i;
        };
    }

    private int[] collect(TokenType type) {
        return IntStream.range(0, size).filter(id -> types[id] == type).toArray();
    }

    private int checkId(int id) {
        if (id < 0 || id >= size) {
            throw new IllegalArgumentException("token id must be in [0, " + size + "), got " + id);
        }
        return id;
    }

    private static int checkIndex(String what, int index, int bound) {
        if (index < 0 || index >= bound) {
            throw new IllegalArgumentException(what + " must be in [0, " + bound + "), got " + index);
        }
        return index;
    }

    @Override
    public String toString() {
        return "Vocabulary[" + settings + ", size=" + size + "]";
    }
}
