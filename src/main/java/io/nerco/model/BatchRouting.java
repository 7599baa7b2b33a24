package io.nerco.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a batch by where each item goes (in practice: the bundle that tags a document), so
 * that each part is tagged in one call and the results can be put back in input order.
 * Stateless.
 */
public final class BatchRouting {
    private BatchRouting() {
    }

    /**
     * The items' positions grouped by route: routes in the order they first appear, positions
     * ascending within each.
     */
    public static <T, R> Map<R, List<Integer>> positionsByRoute(List<T> items, Function<? super T, ? extends R> route) {
        Map<R, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(route.apply(items.get(i)), r -> new ArrayList<>()).add(i);
        }
        return groups;
    }
}
