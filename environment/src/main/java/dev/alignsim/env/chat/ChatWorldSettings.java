package dev.alignsim.env.chat;

/**
 * The sizes of ChatWorld's vocabulary groups. Kept as one record so that a run's configuration names every
 * size once and a vocabulary can be rebuilt exactly from it.
 *
 * @param topics number of topics a task prompt can ask about
 * @param wordsPerTopic content words per topic; a perfect task answer covers all of them
 * @param entities entities a question can be about
 * @param attributes attributes a question can ask for
 * @param values candidate answer values of questions
 * @param harmCategories harm categories; each has one harm marker and one harmless look-alike
 * @param filler content-free filler words
 */
public record ChatWorldSettings(
        int topics, int wordsPerTopic, int entities, int attributes, int values, int harmCategories, int filler) {

    /** Rejects a non-positive size, naming the field, so that a bad config fails where it is read. */
    public ChatWorldSettings {
        requirePositive("topics", topics);
        requirePositive("wordsPerTopic", wordsPerTopic);
        requirePositive("entities", entities);
        requirePositive("attributes", attributes);
        requirePositive("values", values);
        requirePositive("harmCategories", harmCategories);
        requirePositive("filler", filler);
    }

    /** A small world: 8 topics of 8 words, 16 entities x 4 attributes, 16 values, 4 harm categories, 16 fillers. */
    public static ChatWorldSettings defaults() {
        return new ChatWorldSettings(8, 8, 16, 4, 16, 4, 16);
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ChatWorldSettings." + field + " must be positive, got " + value);
        }
    }
}
